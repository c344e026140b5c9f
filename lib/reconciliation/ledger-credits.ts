// The ledger side of the payments check: purchase and allowance credits that name the payment
// that funded them. Contract with billing: a credit caused by a Stripe payment is posted with
// metadata { paymentId, amountMinor, currency } (paymentId = payment intent id for a top-up,
// invoice id for a plan allowance). Credits without a paymentId are not payment-backed (promo,
// trial, free allowance) — except purchases, which must always name one.
import type { Range } from "@/lib/periods";
import type { LedgerCredit } from "@/lib/reconciliation/payments";
import type { Issue, ReconDb } from "@/lib/reconciliation/types";

type Row = {
  transactionId: string;
  kind: string;
  paymentId: string | null;
  ownerId: string;
  pt: string;
  amountMinor: string | null;
  currency: string | null;
  createdAt: Date;
};

async function creditRows(db: ReconDb, range: Range): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    SELECT t.id::text AS "transactionId", t.kind::text AS kind, t.metadata->>'paymentId' AS "paymentId",
           a."ownerId" AS "ownerId", sum(g.amount)::text AS pt,
           CASE WHEN t.metadata->>'amountMinor' ~ '^[0-9]{1,30}$' THEN t.metadata->>'amountMinor' END AS "amountMinor",
           t.metadata->>'currency' AS currency, t."createdAt"
    FROM "LedgerTransaction" t
    JOIN "LedgerGrant" g ON g."transactionId" = t.id
    JOIN "LedgerAccount" a ON a.id = g."accountId"
    WHERE t."createdAt" >= ${range.from} AND t."createdAt" < ${range.to}
      AND (t.kind = 'purchase' OR (t.kind = 'grant' AND t.metadata ? 'paymentId'))
    GROUP BY t.id, a."ownerId"`;
}

export type UnkeyedCredit = { transactionId: string; ownerId: string; createdAt: Date };

/** Payment-backed credits of the range, and the purchases that name no payment. */
export async function listPaymentCredits(
  db: ReconDb,
  range: Range,
): Promise<{ credits: LedgerCredit[]; unkeyed: UnkeyedCredit[] }> {
  const rows = await creditRows(db, range);
  const credits: LedgerCredit[] = [];
  const unkeyed: UnkeyedCredit[] = [];
  for (const r of rows) {
    if (!r.paymentId) {
      unkeyed.push({ transactionId: r.transactionId, ownerId: r.ownerId, createdAt: r.createdAt });
      continue;
    }
    credits.push({
      paymentId: r.paymentId,
      transactionId: r.transactionId,
      ownerId: r.ownerId,
      pt: BigInt(r.pt),
      amountMinor: r.amountMinor === null ? undefined : BigInt(r.amountMinor),
      currency: r.currency ?? undefined,
      createdAt: r.createdAt,
    });
  }
  return { credits, unkeyed };
}

/** A purchase credit of the day that names no payment cannot be checked against Stripe. */
export function unkeyedCreditIssues(unkeyed: UnkeyedCredit[], day: Range): Issue[] {
  return unkeyed
    .filter((u) => u.createdAt >= day.from && u.createdAt < day.to)
    .map((u) => ({
      severity: "warning" as const,
      kind: "purchase_credit_unkeyed",
      message: `purchase credit ${u.transactionId} names no paymentId and cannot be matched to Stripe`,
      refs: { transactionId: u.transactionId, userId: u.ownerId },
    }));
}
