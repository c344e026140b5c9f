// Monthly close: one frozen row per user/guest ledger account and UTC month — PT granted,
// purchased, used, expired, refunded, clawed back, transferred; opening and closing posted
// balance; revenue recognized on usage (what the PT used were sold for, see usage-value.ts) and
// the provider cost recorded with that usage. Rows are inserted once (ON CONFLICT DO NOTHING on
// (month, accountId)) and a trigger refuses any update or delete: statements and exports read
// them and never recompute a closed month. Credits count gross grant amounts (a purchase that
// repays debt still counts as purchased); debits count the account's own entries.
import { AppError } from "@/lib/errors";
import { ptPerUsd as configuredPtPerUsd } from "@/lib/money/pt";
import { monthRange } from "@/lib/periods";
import type { ReconDb } from "@/lib/reconciliation/types";
import { micros, usageValueCte } from "@/lib/reconciliation/usage-value";

type Row = {
  accountId: string;
  ownerType: string;
  ownerId: string;
  openingPt: string;
  closingPt: string;
  ptGranted: string;
  ptPurchased: string;
  ptUsed: string;
  ptExpired: string;
  ptRefunded: string;
  ptClawedBack: string;
  ptTransferred: string;
  revenue: string | null;
  cost: string | null;
};

const BATCH = 1_000;

/** Closes `month` ("YYYY-MM"); refuses a month that has not ended. Re-running inserts nothing new. */
export async function closeMonth(
  db: ReconDb,
  options: { month: string; now?: Date; ptPerUsd?: bigint },
): Promise<{ month: string; accounts: number; inserted: number }> {
  const { from, to } = monthRange(options.month);
  const now = options.now ?? new Date();
  if (to > now) throw new AppError("conflict", `Month ${options.month} has not ended yet.`);
  const ptPerUsd = options.ptPerUsd ?? configuredPtPerUsd();
  const rows = await db.$queryRaw<Row[]>`
    WITH ${usageValueCte({ from, to }, ptPerUsd)},
    acct AS (SELECT id, type::text AS "ownerType", "ownerId" FROM "LedgerAccount" WHERE type <> 'system'),
    e AS (
      SELECT e."accountId", t.kind::text AS kind, e.amount, t."createdAt" AS at
      FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
      WHERE t."createdAt" < ${to} AND e."accountId" IN (SELECT id FROM acct)),
    debits AS (
      SELECT "accountId",
        sum(amount) FILTER (WHERE at < ${from}) AS opening,
        sum(amount) AS closing,
        -sum(amount) FILTER (WHERE at >= ${from} AND kind = 'usage') AS used,
        -sum(amount) FILTER (WHERE at >= ${from} AND kind = 'expiry') AS expired,
        -sum(amount) FILTER (WHERE at >= ${from} AND kind IN ('refund', 'chargeback') AND amount < 0) AS clawed,
        sum(amount) FILTER (WHERE at >= ${from} AND kind = 'transfer') AS transferred
      FROM e GROUP BY "accountId"),
    credits AS (
      SELECT g."accountId",
        sum(g.amount) FILTER (WHERE t.kind IN ('grant', 'adjustment')) AS granted,
        sum(g.amount) FILTER (WHERE t.kind = 'purchase') AS purchased,
        sum(g.amount) FILTER (WHERE t.kind = 'refund') AS refunded
      FROM "LedgerGrant" g JOIN "LedgerTransaction" t ON t.id = g."transactionId"
      WHERE t."createdAt" >= ${from} AND t."createdAt" < ${to} GROUP BY g."accountId"),
    costs AS (
      -- The hold names the account even when a settle charged 0 PT (and so posted no entry).
      SELECT h."accountId", sum(v.revenue) AS revenue, sum(v.cost) AS cost
      FROM usage_value v JOIN "LedgerHold" h ON h."transactionId" = v.tx GROUP BY h."accountId"),
    active AS (
      SELECT "accountId" FROM debits WHERE closing <> 0 OR opening IS DISTINCT FROM closing
      UNION SELECT "accountId" FROM credits UNION SELECT "accountId" FROM costs)
    SELECT a.id::text AS "accountId", a."ownerType", a."ownerId",
      coalesce(d.opening, 0)::text AS "openingPt", coalesce(d.closing, 0)::text AS "closingPt",
      coalesce(c.granted, 0)::text AS "ptGranted", coalesce(c.purchased, 0)::text AS "ptPurchased",
      coalesce(d.used, 0)::text AS "ptUsed", coalesce(d.expired, 0)::text AS "ptExpired",
      coalesce(c.refunded, 0)::text AS "ptRefunded", coalesce(d.clawed, 0)::text AS "ptClawedBack",
      coalesce(d.transferred, 0)::text AS "ptTransferred", round(k.revenue, 6)::text AS revenue, k.cost::text AS cost
    FROM active x JOIN acct a ON a.id = x."accountId"
    LEFT JOIN debits d ON d."accountId" = a.id LEFT JOIN credits c ON c."accountId" = a.id
    LEFT JOIN costs k ON k."accountId" = a.id
    ORDER BY a.id`;
  let inserted = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const data = rows.slice(i, i + BATCH).map((r) => {
      const used = BigInt(r.ptUsed);
      return {
        month: options.month,
        accountId: r.accountId,
        ownerType: r.ownerType,
        ownerId: r.ownerId,
        openingPt: BigInt(r.openingPt),
        closingPt: BigInt(r.closingPt),
        ptGranted: BigInt(r.ptGranted),
        ptPurchased: BigInt(r.ptPurchased),
        ptUsed: used,
        ptExpired: BigInt(r.ptExpired),
        ptRefunded: BigInt(r.ptRefunded),
        ptClawedBack: BigInt(r.ptClawedBack),
        ptTransferred: BigInt(r.ptTransferred),
        revenueMicroUsd: micros(r.revenue),
        providerCostMicroUsd: micros(r.cost),
      };
    });
    const result = await db.monthlyStatement.createMany({ data, skipDuplicates: true });
    inserted += result.count;
  }
  return { month: options.month, accounts: rows.length, inserted };
}
