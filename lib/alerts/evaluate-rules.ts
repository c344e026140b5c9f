// Evaluates the enabled custom alert rules over one UTC day's usage aggregates: the same per model
// and provider totals the nightly reconciliation reports (lib/reconciliation/usage.ts), summed over
// the groups the rule's provider / model filters select. Values are integers in the metric's unit;
// margin compares exactly, (revenue − paid cost)·10⁴ against threshold_bps · revenue, and a day
// without revenue has no margin (the rule does not fire).
import type { Db } from "@/lib/db";
import { dayRange } from "@/lib/periods";
import type { UsageGroup } from "@/lib/reconciliation/usage";
import { usageGroups } from "@/lib/reconciliation/usage";
import { compare } from "./metrics";
import type { AlertRuleView } from "./rules";
import { listAlertRules } from "./rules";

export type RuleOutcome = {
  rule: AlertRuleView;
  /** The day's value in the metric's unit (margin: basis points, rounded down); null: no value. */
  value: bigint | null;
  fired: boolean;
};

function sum(
  groups: UsageGroup[],
  field: "pt" | "costMicroUsd" | "revenueMicroUsd" | "paidCostMicroUsd",
): bigint {
  return groups.reduce((s, g) => s + g[field], 0n);
}

export function evaluateRule(rule: AlertRuleView, groups: UsageGroup[]): RuleOutcome {
  const picked = groups.filter(
    (g) =>
      (rule.provider === null || g.provider === rule.provider) &&
      (rule.model === null || g.model === rule.model),
  );
  switch (rule.metric) {
    case "provider_cost": {
      const value = sum(picked, "costMicroUsd");
      return { rule, value, fired: compare(rule.comparator, value, rule.threshold) };
    }
    case "pt_used": {
      const value = sum(picked, "pt");
      return { rule, value, fired: compare(rule.comparator, value, rule.threshold) };
    }
    case "request_count": {
      const value = BigInt(picked.reduce((s, g) => s + g.messages, 0));
      return { rule, value, fired: compare(rule.comparator, value, rule.threshold) };
    }
    case "margin_percent": {
      const revenue = sum(picked, "revenueMicroUsd");
      if (revenue <= 0n) return { rule, value: null, fired: false };
      const margin = (revenue - sum(picked, "paidCostMicroUsd")) * 10_000n;
      const floorDiv = margin >= 0n ? margin / revenue : -((-margin + revenue - 1n) / revenue);
      return { rule, value: floorDiv, fired: compare(rule.comparator, margin, rule.threshold * revenue) };
    }
  }
}

/** Every enabled rule evaluated for `day`. */
export async function evaluateRules(db: Db, day: string): Promise<RuleOutcome[]> {
  const rules = (await listAlertRules(db)).filter((r) => r.enabled);
  if (rules.length === 0) return [];
  const groups = await usageGroups(db, dayRange(day));
  return rules.map((r) => evaluateRule(r, groups));
}
