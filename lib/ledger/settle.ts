// Settlement of a hold: posts the actual cost (at most the hold) as usage and releases the rest,
// in ONE SQL statement that locks the account row, then its grants, and draws them in priority
// order. Idempotent on the hold (transaction key "settle:<holdId>"): a repeat returns the first
// result and writes nothing. A caller may add its own writes to the statement (`alongside`), so a
// record of the charge commits or rolls back with the charge itself. A charge of 0 PT (a usage that
// rounds to nothing) settles the hold with no ledger transaction: an entry-less transaction is an
// invariant violation. The account's month usage moves with posted (month-spend.ts), and a monthly
// budget's alerts (lib/budgets/settle-alerts.ts), a low-balance crossing (lib/budgets/low-balance-sql.ts)
// and an auto top-up's queued charge (lib/billing/auto-topup-sql.ts) are written by the same
// statement. Invariants: see holds.ts.
import { randomUUID } from "node:crypto";
import { autoTopUpCtes } from "@/lib/billing/auto-topup-sql";
import { lowBalanceCtes } from "@/lib/budgets/low-balance-sql";
import { budgetAlertCtes } from "@/lib/budgets/settle-alerts";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { systemAccountId } from "@/lib/ledger/accounts";
import { assertPt, assertUuid, errorText, jsonParam, pgErrorCode, RAISED } from "@/lib/ledger/common";
import { addMonthSpendSql } from "@/lib/ledger/month-spend";

export type SettleMetadata = {
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  messageId?: string;
  providerCostMicroUsd?: bigint | number | string;
  [key: string]: unknown;
};
export type SettleInput = {
  holdId: string;
  actual: bigint;
  metadata?: SettleMetadata;
  actor?: string;
  now?: Date;
  /**
   * The caller's own writes, as CTE definitions (`name AS (...)`, comma-separated), run in the
   * settlement's statement, so they commit or roll back with it: a chat message recorded with its
   * charge, say. They may read `settled`: one row (charged) when this statement settled the hold,
   * none on a repeat or when the hold was no longer open.
   */
  alongside?: Prisma.Sql;
};
export type Settlement = {
  /** The usage transaction; null when the charge was 0 PT (nothing was posted). */
  transactionId: string | null;
  charged: bigint;
  released: bigint;
  available: bigint;
  created: boolean;
};

type SettleRow = { amount: bigint; charged: bigint; posted: bigint; pending: bigint; debt: bigint };

/** Posts min(actual, amount) as usage and releases the rest. Second call → the first result. */
export async function settle(db: Db, input: SettleInput): Promise<Settlement> {
  const holdId = assertUuid(input.holdId, "hold");
  const actual = assertPt(input.actual, "actual", { allowZero: true });
  const revenue = await systemAccountId(db, "usage_revenue");
  const now = input.now ?? null;
  const meta = jsonParam({ ...input.metadata, holdId });
  const alongside = input.alongside ? Prisma.sql`, ${input.alongside}` : Prisma.empty;
  // A grant inserted after this statement's snapshot is invisible to it; if that leaves the
  // visible grants short of the charge, ledger_fail() aborts the statement and we retry with a
  // fresh snapshot (the account row lock guarantees posted >= charged, so a retry succeeds).
  for (let attempt = 0; ; attempt++) {
    const transactionId = randomUUID();
    try {
      const rows = await db.$queryRaw<SettleRow[]>`
        WITH clock AS (SELECT coalesce(${now}::timestamptz, now()) AS t),
        h AS (
          UPDATE "LedgerHold" SET status = 'settled', charged = LEAST(${actual}::bigint, amount),
                 "transactionId" = CASE WHEN LEAST(${actual}::bigint, amount) > 0
                                        THEN ${transactionId}::uuid END,
                 "closedAt" = (SELECT t FROM clock)
          WHERE id = ${holdId}::uuid AND status = 'open'
          RETURNING id, "accountId", amount, charged, "createdAt"),
        settled AS (SELECT charged FROM h),
        acct AS (
          UPDATE "LedgerAccount" a SET posted = a.posted - h.charged, pending = a.pending - h.amount,
                 ${addMonthSpendSql(Prisma.sql`h.charged`)}
          FROM h WHERE a.id = h."accountId"
          RETURNING a.id, a.posted, a.pending, a.debt, a.type, a."ownerId", a."monthSpentPt"),
        locked AS (
          -- (SELECT id FROM acct) runs the account UPDATE first: account lock, then grant locks.
          SELECT g.id, g.remaining, g.priority, g."expiresAt", g."createdAt",
                 (g."expiresAt" IS NOT NULL AND g."expiresAt" <= (SELECT "createdAt" FROM h)) AS stale
          FROM "LedgerGrant" g
          WHERE g."accountId" = (SELECT id FROM acct) AND g.remaining > 0
          FOR UPDATE),
        ordered AS (
          -- Grants already expired when the hold was placed are drawn last (never ahead of live ones).
          SELECT id, remaining, sum(remaining) OVER (
            ORDER BY stale, priority, "expiresAt" NULLS LAST, "createdAt", id) AS upto
          FROM locked),
        take AS (
          SELECT o.id, LEAST(o.remaining, h.charged - (o.upto - o.remaining)) AS pt
          FROM ordered o, h WHERE o.upto - o.remaining < h.charged),
        tx AS (
          INSERT INTO "LedgerTransaction" (id, kind, "idempotencyKey", actor, metadata, "createdAt")
          SELECT ${transactionId}::uuid, 'usage', 'settle:' || h.id::text, ${input.actor ?? null},
                 ${meta}::jsonb, (SELECT t FROM clock) FROM h WHERE h.charged > 0
          RETURNING id),
        grants AS (
          UPDATE "LedgerGrant" g SET remaining = g.remaining - take.pt FROM take WHERE g.id = take.id),
        draws AS (
          INSERT INTO "LedgerGrantDraw" ("grantId", "transactionId", amount, "createdAt")
          SELECT take.id, (SELECT id FROM tx), take.pt, (SELECT t FROM clock) FROM take),
        entries AS (
          INSERT INTO "LedgerEntry" ("transactionId", "accountId", amount, "balanceAfter", "createdAt")
          SELECT (SELECT id FROM tx), acct.id,
                 -(CASE WHEN (SELECT coalesce(sum(pt), 0) FROM take) = h.charged THEN h.charged
                        ELSE ledger_fail('settle: visible grants short of the charge') END),
                 acct.posted, (SELECT t FROM clock)
          FROM acct, h WHERE h.charged > 0
          UNION ALL
          SELECT (SELECT id FROM tx), ${revenue}::uuid, h.charged, NULL, (SELECT t FROM clock)
          FROM h WHERE h.charged > 0)${budgetAlertCtes()}${lowBalanceCtes()}${autoTopUpCtes()}${alongside}
        SELECT h.amount, h.charged, acct.posted, acct.pending, acct.debt FROM h, acct`;
      const row = rows[0];
      if (!row) return settledBefore(db, holdId);
      return {
        transactionId: row.charged > 0n ? transactionId : null,
        charged: row.charged,
        released: row.amount - row.charged,
        available: row.debt > 0n ? 0n : row.posted - row.pending,
        created: true,
      };
    } catch (error) {
      const retryable = pgErrorCode(error) === RAISED && errorText(error).includes("visible grants short");
      if (!retryable || attempt >= 4) throw error;
    }
  }
}

async function settledBefore(db: Db, holdId: string): Promise<Settlement> {
  const rows = await db.$queryRaw<
    {
      status: string;
      amount: bigint;
      charged: bigint | null;
      transactionId: string | null;
      posted: bigint;
      pending: bigint;
      debt: bigint;
    }[]
  >`
    SELECT h.status::text AS status, h.amount, h.charged, h."transactionId"::text AS "transactionId",
           a.posted, a.pending, a.debt
    FROM "LedgerHold" h JOIN "LedgerAccount" a ON a.id = h."accountId" WHERE h.id = ${holdId}::uuid`;
  const hold = rows[0];
  if (!hold) throw new AppError("not_found", "No such hold.");
  // A settled hold has a usage transaction, except when it charged 0 PT.
  const charged = hold.charged;
  if (hold.status !== "settled" || charged === null || (hold.transactionId === null && charged !== 0n)) {
    throw new AppError("conflict", `This hold was already ${hold.status}; it cannot be settled.`);
  }
  return {
    transactionId: hold.transactionId,
    charged,
    released: hold.amount - charged,
    available: hold.debt > 0n ? 0n : hold.posted - hold.pending,
    created: false,
  };
}
