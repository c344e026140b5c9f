// The admin overview: revenue (payments net of refunds and tax), PT issued (credits into user and guest
// accounts) and used (settled usage), provider cost and margin at list price — per UTC day and per
// model over a window — plus the last reconciliation run. All sums are integers (BigInt) in SQL.
import type { Db } from "@/lib/db";
import { ptPerUsd } from "@/lib/money/pt";

export type DayRow = {
  day: string;
  revenueMinor: bigint;
  ptIssued: bigint;
  ptUsed: bigint;
  costMicroUsd: bigint;
};
export type ModelRow = { model: string; ptUsed: bigint; costMicroUsd: bigint };

/** Margin in basis points of list value; null when nothing was used. Integer math. */
export function marginBps(ptUsed: bigint, costMicroUsd: bigint, perUsd: bigint): number | null {
  const valueMicroUsd = (ptUsed * 1_000_000n) / perUsd;
  if (valueMicroUsd <= 0n) return null;
  return Number(((valueMicroUsd - costMicroUsd) * 10_000n) / valueMicroUsd);
}

export async function adminOverview(db: Db, options: { days?: number; now?: Date } = {}) {
  const days = options.days ?? 30;
  const now = options.now ?? new Date();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days + 1));
  const [usage, issued, revenue, byModel, lastRun] = await Promise.all([
    db.$queryRaw<{ day: string; pt: bigint; cost: bigint }[]>`
      SELECT to_char(date_trunc('day', t."createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
             coalesce(sum(-e.amount), 0)::bigint AS pt,
             coalesce(sum(CASE WHEN t.metadata->>'providerCostMicroUsd' ~ '^[0-9]{1,18}$'
                          THEN (t.metadata->>'providerCostMicroUsd')::bigint ELSE 0 END), 0)::bigint AS cost
      FROM "LedgerTransaction" t
      JOIN "LedgerEntry" e ON e."transactionId" = t.id
      JOIN "LedgerAccount" a ON a.id = e."accountId" AND a.type <> 'system'
      WHERE t.kind = 'usage' AND t."createdAt" >= ${since}
      GROUP BY 1`,
    db.$queryRaw<{ day: string; pt: bigint }[]>`
      SELECT to_char(date_trunc('day', t."createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
             coalesce(sum(e.amount), 0)::bigint AS pt
      FROM "LedgerTransaction" t
      JOIN "LedgerEntry" e ON e."transactionId" = t.id
      JOIN "LedgerAccount" a ON a.id = e."accountId" AND a.type <> 'system'
      WHERE t.kind IN ('grant', 'purchase', 'adjustment', 'refund') AND e.amount > 0 AND t."createdAt" >= ${since}
      GROUP BY 1`,
    db.$queryRaw<{ day: string; minor: bigint }[]>`
      SELECT to_char(date_trunc('day', "createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
             -- Net of tax (collected for the state) and of refunds, a refund taking its share of the tax.
             coalesce(sum("amountMinor" - "taxMinor" - "refundedMinor"
               + CASE WHEN "amountMinor" > 0 THEN "refundedMinor" * "taxMinor" / "amountMinor" ELSE 0 END), 0)::bigint AS minor
      FROM "Payment" WHERE "createdAt" >= ${since} GROUP BY 1`,
    db.$queryRaw<{ model: string; pt: bigint; cost: bigint }[]>`
      SELECT coalesce(t.metadata->>'model', 'unknown') AS model,
             coalesce(sum(-e.amount), 0)::bigint AS pt,
             coalesce(sum(CASE WHEN t.metadata->>'providerCostMicroUsd' ~ '^[0-9]{1,18}$'
                          THEN (t.metadata->>'providerCostMicroUsd')::bigint ELSE 0 END), 0)::bigint AS cost
      FROM "LedgerTransaction" t
      JOIN "LedgerEntry" e ON e."transactionId" = t.id
      JOIN "LedgerAccount" a ON a.id = e."accountId" AND a.type <> 'system'
      WHERE t.kind = 'usage' AND t."createdAt" >= ${since}
      GROUP BY 1 ORDER BY 2 DESC LIMIT 20`,
    db.reconciliationRun.findFirst({
      orderBy: [{ day: "desc" }, { finishedAt: "desc" }],
      select: {
        id: true,
        day: true,
        errors: true,
        warnings: true,
        infos: true,
        healed: true,
        finishedAt: true,
      },
    }),
  ]);
  const byDay = new Map<string, DayRow>();
  for (let i = 0; i < days; i += 1) {
    const d = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    byDay.set(d, { day: d, revenueMinor: 0n, ptIssued: 0n, ptUsed: 0n, costMicroUsd: 0n });
  }
  for (const r of usage) {
    const row = byDay.get(r.day);
    if (row) Object.assign(row, { ptUsed: r.pt, costMicroUsd: r.cost });
  }
  for (const r of issued) {
    const row = byDay.get(r.day);
    if (row) row.ptIssued = r.pt;
  }
  for (const r of revenue) {
    const row = byDay.get(r.day);
    if (row) row.revenueMinor = r.minor;
  }
  const daysOut = [...byDay.values()];
  const sum = (f: (r: DayRow) => bigint) => daysOut.reduce((s, r) => s + f(r), 0n);
  const totals = {
    revenueMinor: sum((r) => r.revenueMinor),
    ptIssued: sum((r) => r.ptIssued),
    ptUsed: sum((r) => r.ptUsed),
    costMicroUsd: sum((r) => r.costMicroUsd),
  };
  const perUsd = ptPerUsd();
  return {
    since,
    days: daysOut,
    models: byModel.map((m): ModelRow => ({ model: m.model, ptUsed: m.pt, costMicroUsd: m.cost })),
    totals: { ...totals, marginBps: marginBps(totals.ptUsed, totals.costMicroUsd, perUsd) },
    perUsd,
    lastRun,
  };
}
