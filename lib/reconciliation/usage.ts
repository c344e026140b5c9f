// Usage revenue, provider cost and margin for a period, from the ledger alone (no chat tables):
// every settled completion is a `usage` transaction whose metadata carries { model, inputTokens,
// outputTokens, the per-dimension counts, messageId, providerCostMicroUsd } (ledger contract; `provider` when the caller
// passes it, else the model's price row names it). Revenue is what the PT drawn were sold for
// (see usage-value.ts); margin = (revenue − cost of paid usage) / revenue. Free usage (allowance
// without payment, trial, promo) has no revenue; its cost is reported on its own line.

import { Prisma } from "@/lib/generated/prisma/client";
import { ptPerUsd as configuredPtPerUsd } from "@/lib/money/pt";
import type { Range } from "@/lib/periods";
import type { Issue, ReconDb } from "@/lib/reconciliation/types";
import type { TokenField } from "@/lib/reconciliation/usage-value";
import { micros, TOKEN_FIELDS, usageValueCte } from "@/lib/reconciliation/usage-value";

/** Tokens per dimension, summed (cached and written input are parts of inputTokens). */
export type TokenTotals = Record<TokenField, bigint>;

export type UsageTotals = TokenTotals & {
  messages: number;
  pt: bigint;
  paidPt: bigint;
  estimatedPt: bigint;
  freePt: bigint;
  revenueMicroUsd: bigint;
  costMicroUsd: bigint;
  paidCostMicroUsd: bigint;
  freeCostMicroUsd: bigint;
  missingCost: number;
};
export type UsageGroup = UsageTotals & { model: string; provider: string };
export type MarginLine = UsageTotals & {
  key: string;
  /** (revenue − paid cost) / revenue in basis points; null without revenue. */
  marginBps: number | null;
};
export type UsageReport = { total: MarginLine; byModel: MarginLine[]; byProvider: MarginLine[] };

type Row = Record<"model" | "provider" | "pt" | "paidPt" | "estPt" | "freePt" | TokenField, string> & {
  messages: number;
  missingCost: number;
  revenue: string | null;
  cost: string | null;
  paidCost: string | null;
  freeCost: string | null;
};

/** Usage transactions of the range grouped by model and provider, valued. */
export async function usageGroups(
  db: ReconDb,
  range: Range,
  ptPerUsd = configuredPtPerUsd(),
): Promise<UsageGroup[]> {
  const rows = await db.$queryRaw<Row[]>`
    WITH ${usageValueCte(range, ptPerUsd)}
    SELECT model, provider, count(*)::int AS messages, sum(charged)::text AS pt,
      sum(paid_pt)::text AS "paidPt", sum(est_pt)::text AS "estPt", sum(free_pt)::text AS "freePt",
      round(sum(revenue), 6)::text AS revenue, coalesce(sum(cost), 0)::text AS cost,
      round(sum(paid_cost), 6)::text AS "paidCost", round(sum(free_cost), 6)::text AS "freeCost",
      (count(*) FILTER (WHERE cost IS NULL))::int AS "missingCost",
      ${Prisma.join(TOKEN_FIELDS.map((f) => Prisma.raw(`sum("${f}")::text AS "${f}"`)))}
    FROM usage_value GROUP BY model, provider ORDER BY model, provider`;
  return rows.map((r) => ({
    model: r.model,
    provider: r.provider,
    messages: r.messages,
    pt: BigInt(r.pt),
    paidPt: BigInt(r.paidPt),
    estimatedPt: BigInt(r.estPt),
    freePt: BigInt(r.freePt),
    revenueMicroUsd: micros(r.revenue),
    costMicroUsd: micros(r.cost),
    paidCostMicroUsd: micros(r.paidCost),
    freeCostMicroUsd: micros(r.freeCost),
    missingCost: r.missingCost,
    ...(Object.fromEntries(TOKEN_FIELDS.map((f) => [f, BigInt(r[f])])) as TokenTotals),
  }));
}

const SUMMED = [
  "pt",
  "paidPt",
  "estimatedPt",
  "freePt",
  "revenueMicroUsd",
  "costMicroUsd",
  "paidCostMicroUsd",
  "freeCostMicroUsd",
  ...TOKEN_FIELDS,
] as const;

function line(key: string, groups: UsageGroup[]): MarginLine {
  const out = { key, messages: 0, missingCost: 0, marginBps: null } as MarginLine;
  for (const field of SUMMED) out[field] = groups.reduce((s, g) => s + g[field], 0n);
  out.messages = groups.reduce((s, g) => s + g.messages, 0);
  out.missingCost = groups.reduce((s, g) => s + g.missingCost, 0);
  const rev = out.revenueMicroUsd;
  out.marginBps = rev > 0n ? Number(((rev - out.paidCostMicroUsd) * 10_000n) / rev) : null;
  return out;
}

function groupBy(groups: UsageGroup[], key: (g: UsageGroup) => string): MarginLine[] {
  const map = new Map<string, UsageGroup[]>();
  for (const g of groups) map.set(key(g), [...(map.get(key(g)) ?? []), g]);
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, gs]) => line(k, gs));
}

/** Revenue, cost and margin in total, per model and per provider. Pure. */
export function usageReport(groups: UsageGroup[]): UsageReport {
  return {
    total: line("total", groups),
    byModel: groupBy(groups, (g) => g.model),
    byProvider: groupBy(groups, (g) => g.provider),
  };
}

function formatBps(bps: number | null): string {
  return bps === null ? "n/a" : `${(bps / 100).toFixed(2)}%`;
}

/**
 * Margin alerts on paid usage. Paid usage costing more than it earned is an error; a margin under
 * the threshold a warning; usage settled without a provider cost a warning (margin overstated);
 * PT valued at list price because their purchase records no amount an info. Integer arithmetic:
 * margin < threshold ⇔ (revenue − cost)·10000 < bps·revenue.
 */
export function marginIssues(report: UsageReport, thresholdPercent: number): Issue[] {
  const thresholdBps = BigInt(Math.round(thresholdPercent * 100));
  const issues: Issue[] = [];
  const scopes: [string, MarginLine[]][] = [
    ["model", report.byModel],
    ["provider", report.byProvider],
    ["total", [report.total]],
  ];
  for (const [scope, lines] of scopes) {
    for (const l of lines) {
      const refs = scope === "total" ? { scope } : { scope, [scope]: l.key };
      const what = scope === "total" ? "all paid usage" : `paid usage of ${scope} ${l.key}`;
      const rev = l.revenueMicroUsd;
      const cost = l.paidCostMicroUsd;
      const money = `revenue ${rev} µUSD, provider cost ${cost} µUSD`;
      if (cost > rev) {
        issues.push({
          severity: "error",
          kind: "margin_negative",
          message: `${what} sold below cost: ${money}`,
          refs,
        });
      } else if (rev > 0n && (rev - cost) * 10_000n < thresholdBps * rev) {
        issues.push({
          severity: "warning",
          kind: "margin_below_threshold",
          message: `${what}: margin ${formatBps(l.marginBps)} is under ${thresholdPercent}% (${money})`,
          refs: { ...refs, marginBps: String(l.marginBps) },
        });
      }
      if (scope !== "model") continue;
      if (l.missingCost > 0) {
        issues.push({
          severity: "warning",
          kind: "usage_cost_missing",
          message: `${l.missingCost} of ${l.messages} usage settles of model ${l.key} recorded no provider cost`,
          refs: { model: l.key, count: String(l.missingCost) },
        });
      }
      if (l.estimatedPt > 0n) {
        issues.push({
          severity: "info",
          kind: "revenue_estimated",
          message: `${l.estimatedPt} PT of model ${l.key} came from purchases that record no USD amount; valued at list price`,
          refs: { model: l.key, pt: l.estimatedPt.toString() },
        });
      }
    }
  }
  return issues;
}

/** JSON-safe form of a report for the run's summary. */
export function reportJson(report: UsageReport): Record<string, unknown> {
  const j = (l: MarginLine) =>
    Object.fromEntries(Object.entries(l).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
  return { total: j(report.total), byModel: report.byModel.map(j), byProvider: report.byProvider.map(j) };
}
