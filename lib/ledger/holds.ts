// Holds: reserve the worst case before a completion, settle the actual cost after, release the
// rest. The hot path (reserve, settle, release) is ONE SQL statement each — CTEs, no interactive
// transaction — and every statement locks the user's account row before reading its grants, so
// concurrent calls on one account serialize on that row and never deadlock. Invariants:
//   pending = sum of the account's open holds; posted - pending >= 0 (CHECK); a hold closes once;
//   settle posts min(actual, amount) to "usage_revenue" and draws grants for exactly that amount.
// Idempotency: reserve by key (UNIQUE on LedgerHold.key), settle by hold (transaction key
// "settle:<holdId>"); a repeat returns the first result and writes nothing.
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { systemAccountId } from "@/lib/ledger/accounts";
import type { AccountRef, Db } from "@/lib/ledger/common";
import {
  assertKey,
  assertPt,
  assertUuid,
  errorText,
  jsonParam,
  max,
  ownerOf,
  pgErrorCode,
  RAISED,
  UNIQUE_VIOLATION,
} from "@/lib/ledger/common";

export type ReserveInput = {
  account: AccountRef;
  amount: bigint;
  key: string;
  ttlSeconds: number;
  metadata?: Record<string, unknown>;
  /** Clock override (tests, replays); defaults to the database clock. */
  now?: Date;
};
export type Hold = { holdId: string; amount: bigint; expiresAt: Date; created: boolean };

type ReserveRow = {
  outcome: "created" | "existing" | "refused";
  id: string | null;
  accountId: string;
  amount: bigint | null;
  expiresAt: Date | null;
  posted: bigint | null;
  pending: bigint | null;
  debt: bigint | null;
  frozen: boolean | null;
  expired: bigint | null;
};

/** Places a hold of `amount` PT, or throws pt_exhausted with { needed, available, reason? }. */
export async function reserve(db: Db, input: ReserveInput): Promise<Hold> {
  const amount = assertPt(input.amount, "amount");
  const key = assertKey(input.key);
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0 || input.ttlSeconds > 86_400) {
    throw new AppError("bad_request", "ttlSeconds must be a whole number of seconds between 1 and 86400.");
  }
  const { type, ownerId } = ownerOf(input.account);
  const now = input.now ?? null;
  let rows: ReserveRow[] = [];
  try {
    // Order inside the statement: the UPDATE takes the account row lock (re-checking the balance
    // on the newest row version), then the INSERT adds the hold. A duplicate key racing us makes
    // the INSERT fail with a unique violation, which rolls back the pending bump with it: there
    // is no path where pending moves without its hold. The common case is this one statement;
    // only a refusal or a repeated key costs a second read below.
    rows = await db.$queryRaw<ReserveRow[]>`
      WITH clock AS (SELECT coalesce(${now}::timestamptz, now()) AS t),
      acct AS (
        UPDATE "LedgerAccount" a SET pending = a.pending + ${amount}::bigint
        WHERE a.type = ${type}::"LedgerAccountType" AND a."ownerId" = ${ownerId}
          AND a.debt = 0 AND NOT a.frozen
          AND NOT EXISTS (SELECT 1 FROM "LedgerHold" WHERE key = ${key})
          AND a.posted - a.pending - (
            SELECT coalesce(sum(g.remaining), 0) FROM "LedgerGrant" g
            WHERE g."accountId" = a.id AND g.remaining > 0 AND g."expiresAt" <= (SELECT t FROM clock)
          ) >= ${amount}::bigint
        RETURNING a.id)
      INSERT INTO "LedgerHold" (id, key, "accountId", amount, status, metadata, "expiresAt", "createdAt")
      SELECT ${randomUUID()}::uuid, ${key}, acct.id, ${amount}, 'open', ${jsonParam(input.metadata)}::jsonb,
             (SELECT t FROM clock) + make_interval(secs => ${input.ttlSeconds}), (SELECT t FROM clock)
      FROM acct
      RETURNING 'created' AS outcome, id::text AS id, "accountId"::text AS "accountId", amount, "expiresAt",
                NULL::bigint AS posted, NULL::bigint AS pending, NULL::bigint AS debt, NULL::boolean AS frozen,
                NULL::bigint AS expired`;
  } catch (error) {
    if (pgErrorCode(error) !== UNIQUE_VIOLATION) throw error;
  }
  if (rows.length === 0) {
    // Not created: an earlier hold with this key, or a refusal (read the balance to say why).
    rows = await db.$queryRaw<ReserveRow[]>`
      WITH clock AS (SELECT coalesce(${now}::timestamptz, now()) AS t),
      existing AS (SELECT id, "accountId", amount, "expiresAt" FROM "LedgerHold" WHERE key = ${key})
      SELECT 'existing' AS outcome, id::text AS id, "accountId"::text AS "accountId", amount, "expiresAt",
             NULL::bigint AS posted, NULL::bigint AS pending, NULL::bigint AS debt, NULL::boolean AS frozen,
             NULL::bigint AS expired
      FROM existing
      UNION ALL
      SELECT 'refused', NULL, a.id::text, NULL, NULL, a.posted, a.pending, a.debt, a.frozen,
             (SELECT coalesce(sum(g.remaining), 0)::bigint FROM "LedgerGrant" g
              WHERE g."accountId" = a.id AND g.remaining > 0 AND g."expiresAt" <= (SELECT t FROM clock))
      FROM "LedgerAccount" a
      WHERE a.type = ${type}::"LedgerAccountType" AND a."ownerId" = ${ownerId}
        AND NOT EXISTS (SELECT 1 FROM existing)`;
  }
  const row = rows[0];
  if (!row) {
    throw new AppError("pt_exhausted", "This account has no PT yet.", {
      needed: amount,
      available: 0n,
      reason: "no_account",
    });
  }
  if (row.outcome === "existing") {
    const account = await db.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM "LedgerAccount" WHERE type = ${type}::"LedgerAccountType" AND "ownerId" = ${ownerId}`;
    if (row.accountId !== account[0]?.id || row.amount !== amount) {
      throw new AppError(
        "idempotency_conflict",
        "This hold key was already used for a different reservation.",
      );
    }
    return { holdId: row.id as string, amount, expiresAt: row.expiresAt as Date, created: false };
  }
  if (row.outcome === "refused") {
    const posted = row.posted ?? 0n;
    const available = max(0n, posted - (row.pending ?? 0n) - (row.expired ?? 0n));
    const debt = row.debt ?? 0n;
    const reason = debt > 0n ? "debt" : row.frozen ? "frozen" : "insufficient";
    throw new AppError("pt_exhausted", undefined, {
      needed: amount,
      available: reason === "insufficient" ? available : 0n,
      reason,
      ...(debt > 0n ? { debt } : {}),
    });
  }
  return { holdId: row.id as string, amount, expiresAt: row.expiresAt as Date, created: true };
}

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
};
export type Settlement = {
  transactionId: string;
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
                 "transactionId" = ${transactionId}::uuid, "closedAt" = (SELECT t FROM clock)
          WHERE id = ${holdId}::uuid AND status = 'open'
          RETURNING id, "accountId", amount, charged, "createdAt"),
        acct AS (
          UPDATE "LedgerAccount" a SET posted = a.posted - h.charged, pending = a.pending - h.amount
          FROM h WHERE a.id = h."accountId"
          RETURNING a.id, a.posted, a.pending, a.debt),
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
                 ${meta}::jsonb, (SELECT t FROM clock) FROM h
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
          FROM h WHERE h.charged > 0)
        SELECT h.amount, h.charged, acct.posted, acct.pending, acct.debt FROM h, acct`;
      const row = rows[0];
      if (!row) return settledBefore(db, holdId);
      return {
        transactionId,
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
  if (hold.status !== "settled" || hold.charged === null || hold.transactionId === null) {
    throw new AppError("conflict", `This hold was already ${hold.status}; it cannot be settled.`);
  }
  return {
    transactionId: hold.transactionId,
    charged: hold.charged,
    released: hold.amount - hold.charged,
    available: hold.debt > 0n ? 0n : hold.posted - hold.pending,
    created: false,
  };
}

/** Voids an open hold. Releasing it again (or after the sweeper did) is a no-op; after settle, a conflict. */
export async function release(
  db: Db,
  input: { holdId: string; now?: Date },
): Promise<{ released: bigint; created: boolean }> {
  const holdId = assertUuid(input.holdId, "hold");
  const rows = await db.$queryRaw<{ amount: bigint }[]>`
    WITH h AS (
      UPDATE "LedgerHold" SET status = 'released', "closedAt" = coalesce(${input.now ?? null}::timestamptz, now())
      WHERE id = ${holdId}::uuid AND status = 'open' RETURNING "accountId", amount),
    acct AS (
      UPDATE "LedgerAccount" a SET pending = a.pending - h.amount FROM h WHERE a.id = h."accountId"
      RETURNING a.id)
    SELECT h.amount FROM h, acct`;
  if (rows[0]) return { released: rows[0].amount, created: true };
  const holds = await db.$queryRaw<{ status: string; amount: bigint }[]>`
    SELECT status::text AS status, amount FROM "LedgerHold" WHERE id = ${holdId}::uuid`;
  const hold = holds[0];
  if (!hold) throw new AppError("not_found", "No such hold.");
  if (hold.status === "settled") throw new AppError("conflict", "This hold was already settled.");
  return { released: hold.amount, created: false };
}

/** Releases open holds past their expiry (crash safety). Batched; SKIP LOCKED never waits on a settle. */
export async function sweepExpiredHolds(
  db: Db,
  options: { now?: Date; batchSize?: number } = {},
): Promise<{ released: number }> {
  const batch = options.batchSize ?? 500;
  let released = 0;
  for (;;) {
    const rows = await db.$queryRaw<{ n: number }[]>`
      WITH clock AS (SELECT coalesce(${options.now ?? null}::timestamptz, now()) AS t),
      due AS (
        SELECT id FROM "LedgerHold" WHERE status = 'open' AND "expiresAt" <= (SELECT t FROM clock)
        ORDER BY "expiresAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED),
      h AS (
        UPDATE "LedgerHold" h SET status = 'expired', "closedAt" = (SELECT t FROM clock)
        FROM due WHERE h.id = due.id RETURNING h."accountId", h.amount),
      per AS (SELECT "accountId", sum(amount)::bigint AS pt FROM h GROUP BY "accountId"),
      acct AS (
        UPDATE "LedgerAccount" a SET pending = a.pending - per.pt FROM per WHERE a.id = per."accountId"
        RETURNING a.id)
      SELECT (SELECT count(*) FROM h)::int AS n, (SELECT count(*) FROM acct)::int AS accounts`;
    const n = rows[0]?.n ?? 0;
    released += n;
    if (n < batch) return { released };
  }
}
