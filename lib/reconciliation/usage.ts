// Usage revenue, provider cost and margin for a period, from the ledger alone: every settled
// completion is a `usage` transaction whose metadata carries { model, inputTokens, outputTokens,
// messageId, providerCostMicroUsd } (ledger contract; `provider` too when the caller passes it,
// else the model's price row names it). Revenue is the list-price value of the PT charged, cost
// the provider cost recorded at settle; both in micro-USD. No dependency on the chat tables.
import { usdMicrosFromPt } from "@/lib/money/pt";
import type { Range } from "@/lib/periods";
import type { Issue, ReconDb } from "@/lib/reconciliation/types";

export type UsageGroup = {
  model: string;
  provider: string;
  messages: number;
  pt: bigint;
  costMicroUsd: bigint;
  missingCost: number;
};

export type MarginLine = {
  key: string;
  messages: number;
  pt: bigint;
  revenueMicroUsd: bigint;
  costMicroUsd: bigint;
  /** (revenue - cost) / revenue in basis points; null without revenue. */
  marginBps: number | null;
  missingCost: number;
};

export type UsageReport = { total: MarginLine; byModel: MarginLine[]; byProvider: MarginLine[] };

/** Usage transactions of the range grouped by model and provider. */
export async function usageGroups(db: ReconDb, range: Range): Promise<UsageGroup[]> {
  const rows = await db.$queryRaw<
    { model: string; provider: string; messages: number; pt: string; cost: string; missingCost: number }[]
  >`
    WITH u AS (
      SELECT coalesce(t.metadata->>'model', 'unknown') AS model,
        coalesce(t.metadata->>'provider',
          (SELECT p.provider FROM "ModelPrice" p WHERE p.model = t.metadata->>'model'
             AND p."effectiveFrom" <= t."createdAt" ORDER BY p."effectiveFrom" DESC LIMIT 1),
          'unknown') AS provider,
        CASE WHEN t.metadata->>'providerCostMicroUsd' ~ '^[0-9]{1,30}$'
             THEN (t.metadata->>'providerCostMicroUsd')::numeric END AS cost,
        coalesce((SELECT sum(e.amount) FROM "LedgerEntry" e
                  WHERE e."transactionId" = t.id AND e.amount > 0), 0) AS pt
      FROM "LedgerTransaction" t
      WHERE t.kind = 'usage' AND t."createdAt" >= ${range.from} AND t."createdAt" < ${range.to})
    SELECT model, provider, count(*)::int AS messages, sum(pt)::text AS pt,
           coalesce(sum(cost), 0)::text AS cost, (count(*) FILTER (WHERE cost IS NULL))::int AS "missingCost"
    FROM u GROUP BY model, provider ORDER BY model, provider`;
  return rows.map((r) => ({
    model: r.model,
    provider: r.provider,
    messages: r.messages,
    pt: BigInt(r.pt),
    costMicroUsd: BigInt(r.cost),
    missingCost: r.missingCost,
  }));
}

function line(key: string, groups: UsageGroup[], ptPerUsd?: bigint): MarginLine {
  const pt = groups.reduce((s, g) => s + g.pt, 0n);
  const costMicroUsd = groups.reduce((s, g) => s + g.costMicroUsd, 0n);
  const revenueMicroUsd = usdMicrosFromPt(pt, ptPerUsd);
  return {
    key,
    messages: groups.reduce((s, g) => s + g.messages, 0),
    pt,
    revenueMicroUsd,
    costMicroUsd,
    marginBps:
      revenueMicroUsd > 0n ? Number(((revenueMicroUsd - costMicroUsd) * 10_000n) / revenueMicroUsd) : null,
    missingCost: groups.reduce((s, g) => s + g.missingCost, 0),
  };
}

function groupBy(groups: UsageGroup[], key: (g: UsageGroup) => string, ptPerUsd?: bigint): MarginLine[] {
  const map = new Map<string, UsageGroup[]>();
  for (const g of groups) map.set(key(g), [...(map.get(key(g)) ?? []), g]);
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, gs]) => line(k, gs, ptPerUsd));
}

/** Revenue, cost and margin per day total, per model and per provider. Pure. */
export function usageReport(groups: UsageGroup[], ptPerUsd?: bigint): UsageReport {
  return {
    total: line("total", groups, ptPerUsd),
    byModel: groupBy(groups, (g) => g.model, ptPerUsd),
    byProvider: groupBy(groups, (g) => g.provider, ptPerUsd),
  };
}

function formatBps(bps: number | null): string {
  return bps === null ? "n/a" : `${(bps / 100).toFixed(2)}%`;
}

/**
 * Margin alerts. Selling below cost (cost > revenue, including cost with no revenue) is an error;
 * a margin under the threshold a warning; usage settled without a provider cost a warning (its
 * margin is overstated). Integer arithmetic: margin < threshold ⇔ (rev - cost)·10000 < bps·rev.
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
      const what = scope === "total" ? "all usage" : `${scope} ${l.key}`;
      const money = `revenue ${l.revenueMicroUsd} µUSD, provider cost ${l.costMicroUsd} µUSD`;
      if (l.costMicroUsd > l.revenueMicroUsd) {
        issues.push({
          severity: "error",
          kind: "margin_negative",
          message: `${what} sold below cost: ${money}`,
          refs,
        });
      } else if (
        l.revenueMicroUsd > 0n &&
        (l.revenueMicroUsd - l.costMicroUsd) * 10_000n < thresholdBps * l.revenueMicroUsd
      ) {
        issues.push({
          severity: "warning",
          kind: "margin_below_threshold",
          message: `${what} margin ${formatBps(l.marginBps)} is under ${thresholdPercent}%: ${money}`,
          refs: { ...refs, marginBps: String(l.marginBps) },
        });
      }
      if (scope === "model" && l.missingCost > 0) {
        issues.push({
          severity: "warning",
          kind: "usage_cost_missing",
          message: `${l.missingCost} of ${l.messages} usage settles of model ${l.key} recorded no provider cost`,
          refs: { model: l.key, count: String(l.missingCost) },
        });
      }
    }
  }
  return issues;
}

/** JSON-safe form of a report for the run's summary. */
export function reportJson(report: UsageReport): Record<string, unknown> {
  const j = (l: MarginLine) => ({
    key: l.key,
    messages: l.messages,
    pt: l.pt.toString(),
    revenueMicroUsd: l.revenueMicroUsd.toString(),
    costMicroUsd: l.costMicroUsd.toString(),
    marginBps: l.marginBps,
    missingCost: l.missingCost,
  });
  return { total: j(report.total), byModel: report.byModel.map(j), byProvider: report.byProvider.map(j) };
}
