// Custom alert rules of admins: stored, validated with one zod schema (the API's body and every
// update, merged with the stored rule first), listed, edited, enabled or disabled and deleted, each
// change audited in its own transaction. The nightly alerts job evaluates them (evaluate-rules.ts).
import { z } from "zod";
import { type Actor, writeAudit } from "@/lib/admin/audit";
import type { Db, DbClient } from "@/lib/db";
import { inTransaction } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  ALERT_COMPARATORS,
  ALERT_METRICS,
  type AlertComparatorName,
  type AlertMetricName,
  parseThreshold,
  thresholdText,
} from "./metrics";

export const MAX_ALERT_RULES = 100;

// Provider and model names as the catalog and the ledger's metadata write them.
const filterName = z
  .string()
  .trim()
  .max(100)
  .regex(/^[A-Za-z0-9._:/@-]*$/, "Letters, digits and . _ : / @ - only.")
  .nullish()
  .transform((v) => v || null);

/** A rule as people write it: the threshold in the metric's unit ("50" USD, "30" %). */
export const AlertRuleInput = z
  .strictObject({
    name: z.string().trim().min(1, "Give the rule a name.").max(100),
    metric: z.enum(ALERT_METRICS),
    provider: filterName,
    model: filterName,
    comparator: z.enum(ALERT_COMPARATORS),
    threshold: z.string().trim().min(1, "Enter a threshold.").max(40),
    window: z.literal("day").default("day"),
    enabled: z.boolean().default(true),
  })
  .transform((rule, ctx) => {
    const parsed = parseThreshold(rule.metric, rule.threshold);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: parsed.message });
      return z.NEVER;
    }
    return { ...rule, threshold: parsed.value };
  });
export type AlertRuleData = z.output<typeof AlertRuleInput>;
/** PATCH: any of the fields; the result is validated whole, against the stored rule. */
export const AlertRulePatch = z.strictObject({
  name: z.string().optional(),
  metric: z.string().optional(),
  provider: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  comparator: z.string().optional(),
  threshold: z.string().optional(),
  window: z.string().optional(),
  enabled: z.boolean().optional(),
});
export type AlertRulePatchData = z.output<typeof AlertRulePatch>;

export const RULE_VIEW = {
  id: true,
  name: true,
  metric: true,
  provider: true,
  model: true,
  comparator: true,
  threshold: true,
  window: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type AlertRuleView = {
  id: string;
  name: string;
  metric: AlertMetricName;
  provider: string | null;
  model: string | null;
  comparator: AlertComparatorName;
  threshold: bigint;
  window: "day";
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export async function listAlertRules(db: Db): Promise<AlertRuleView[]> {
  return db.alertRule.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: RULE_VIEW });
}

async function findRule(db: Db, id: string): Promise<AlertRuleView> {
  const rule = await db.alertRule.findUnique({ where: { id }, select: RULE_VIEW });
  if (!rule) throw new AppError("not_found", "No such alert rule.");
  return rule;
}

export async function createAlertRule(
  db: DbClient,
  actor: Actor,
  input: AlertRuleData,
): Promise<AlertRuleView> {
  return inTransaction(db, async (tx) => {
    if ((await tx.alertRule.count()) >= MAX_ALERT_RULES)
      throw new AppError("conflict", `At most ${MAX_ALERT_RULES} alert rules; delete one first.`);
    const rule = await tx.alertRule.create({
      data: { ...input, createdBy: actor.userId },
      select: RULE_VIEW,
    });
    await writeAudit(tx, actor, {
      action: "alert_rule.create",
      targetType: "AlertRule",
      targetId: rule.id,
      after: rule,
    });
    return rule;
  });
}

export async function updateAlertRule(
  db: DbClient,
  actor: Actor,
  id: string,
  patch: AlertRulePatchData,
): Promise<AlertRuleView> {
  return inTransaction(db, async (tx) => {
    const before = await findRule(tx, id);
    // The stored rule as people write it, with the patch on top, validated as a whole: a new
    // metric without a new threshold is checked against that metric's unit.
    const merged = AlertRuleInput.parse({
      name: patch.name ?? before.name,
      metric: patch.metric ?? before.metric,
      provider: patch.provider === undefined ? before.provider : patch.provider,
      model: patch.model === undefined ? before.model : patch.model,
      comparator: patch.comparator ?? before.comparator,
      threshold: patch.threshold ?? thresholdText(before.metric, before.threshold),
      window: patch.window ?? before.window,
      enabled: patch.enabled ?? before.enabled,
    });
    const after = await tx.alertRule.update({ where: { id }, data: merged, select: RULE_VIEW });
    await writeAudit(tx, actor, {
      action: "alert_rule.update",
      targetType: "AlertRule",
      targetId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteAlertRule(db: DbClient, actor: Actor, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await findRule(tx, id);
    await tx.alertRule.delete({ where: { id } });
    await writeAudit(tx, actor, {
      action: "alert_rule.delete",
      targetType: "AlertRule",
      targetId: id,
      before,
    });
  });
}
