// Holds: reserve the worst case before a completion, settle the actual cost after, release the
// rest (settle.ts). The hot path (reserve, settle, release) is ONE SQL statement each — CTEs, no interactive
// transaction — and every statement locks the user's account row before reading its grants, so
// concurrent calls on one account serialize on that row and never deadlock. Invariants:
//   pending = sum of the account's open holds; posted - pending >= 0 (CHECK); a hold closes once;
//   settle posts min(actual, amount) to "usage_revenue" and draws grants for exactly that amount.
// Idempotency: reserve by key (UNIQUE on LedgerHold.key), settle by hold (transaction key
// "settle:<holdId>"); a repeat returns the first result and writes nothing.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AccountRef, OwnedAccountType } from "@/lib/ledger/common";
import {
  assertKey,
  assertPt,
  assertUuid,
  jsonParam,
  max,
  ownerOf,
  pgErrorCode,
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

/**
 * A caller's statement around a reservation, so that its own checks and writes share the
 * reservation's single statement (and so its round trip and its atomicity):
 *  - before: the caller's CTE definitions, placed ahead of the reservation's;
 *  - gate: a SQL condition (it may read those CTEs, `clock`, and the account row as `a`) that must
 *    hold for the hold to be placed, checked in the statement that places it — on `a`'s newest
 *    version, re-checked under its row lock; a gate that fails places nothing;
 *  - alongside: the caller's CTE definitions after it (`name AS (...)`, comma-separated; its writes),
 *    which may read `placed` (the new hold: id, amount, "expiresAt"; empty when none was placed);
 *  - columns: the caller's output columns, read from any of these.
 */
export type ReserveComposition = {
  before?: Prisma.Sql;
  gate?: Prisma.Sql;
  alongside?: Prisma.Sql;
  columns?: Prisma.Sql;
};

type RefusalRow = {
  outcome: "existing" | "refused";
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

type Checked = { amount: bigint; key: string; type: OwnedAccountType; ownerId: string; now: Date | null };

function check(input: ReserveInput): Checked {
  const amount = assertPt(input.amount, "amount");
  const key = assertKey(input.key);
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0 || input.ttlSeconds > 86_400) {
    throw new AppError("bad_request", "ttlSeconds must be a whole number of seconds between 1 and 86400.");
  }
  return { amount, key, ...ownerOf(input.account), now: input.now ?? null };
}

/** Places a hold of `amount` PT, or throws pt_exhausted with { needed, available, reason? }. */
export async function reserve(db: Db, input: ReserveInput): Promise<Hold> {
  const { hold } = await reserveComposed(db, input, {});
  return hold ?? holdOrRefusal(db, input);
}

/**
 * The reservation inside a caller's statement (ReserveComposition; the reservation's own CTEs are
 * named clock, acct and placed). Answers the hold when this statement placed it, else null, with
 * the caller's output columns either way. No hold means a failed gate, a short balance or a
 * repeated key: when its own gate passed, the caller asks holdOrRefusal() which of the others.
 */
export async function reserveComposed<Row extends object = object>(
  db: Db,
  input: ReserveInput,
  compose: ReserveComposition,
): Promise<{ hold: Hold | null; row: Row }> {
  const { amount, key, type, ownerId, now } = check(input);
  let rows: (Row & { holdId: string | null; expiresAt: Date | null })[] = [];
  try {
    // Order inside the statement: the UPDATE takes the account row lock (re-checking the gate
    // and the balance on the newest row version), then the INSERT adds the hold. A duplicate key
    // racing us makes the INSERT fail with a unique violation, which rolls back the pending bump
    // (and the caller's writes) with it: there is no path where pending moves without its hold.
    // The common case is this one statement; only a refusal or a repeated key costs a second read.
    rows = await db.$queryRaw`
      WITH ${compose.before ? Prisma.sql`${compose.before},` : Prisma.empty}
      clock AS (SELECT coalesce(${now}::timestamptz, now()) AS t),
      acct AS (
        UPDATE "LedgerAccount" a SET pending = a.pending + ${amount}::bigint
        WHERE a.type = ${type}::"LedgerAccountType" AND a."ownerId" = ${ownerId}
          AND ${compose.gate ?? Prisma.sql`true`}
          AND a.debt = 0 AND NOT a.frozen
          AND NOT EXISTS (SELECT 1 FROM "LedgerHold" WHERE key = ${key})
          AND a.posted - a.pending - (
            SELECT coalesce(sum(g.remaining), 0) FROM "LedgerGrant" g
            WHERE g."accountId" = a.id AND g.remaining > 0 AND g."expiresAt" <= (SELECT t FROM clock)
          ) >= ${amount}::bigint
        RETURNING a.id),
      placed AS (
        INSERT INTO "LedgerHold" (id, key, "accountId", amount, status, metadata, "expiresAt", "createdAt")
        SELECT ${randomUUID()}::uuid, ${key}, acct.id, ${amount}, 'open', ${jsonParam(input.metadata)}::jsonb,
               (SELECT t FROM clock) + make_interval(secs => ${input.ttlSeconds}), (SELECT t FROM clock)
        FROM acct
        RETURNING id, amount, "expiresAt")${compose.alongside ? Prisma.sql`, ${compose.alongside}` : Prisma.empty}
      SELECT (SELECT id::text FROM placed) AS "holdId", (SELECT "expiresAt" FROM placed) AS "expiresAt"
        ${compose.columns ? Prisma.sql`, ${compose.columns}` : Prisma.empty}`;
  } catch (error) {
    if (pgErrorCode(error) !== UNIQUE_VIOLATION) throw error;
    return { hold: null, row: {} as Row };
  }
  const row = rows[0] as Row & { holdId: string | null; expiresAt: Date | null };
  const hold = row.holdId
    ? { holdId: row.holdId, amount, expiresAt: row.expiresAt as Date, created: true }
    : null;
  return { hold, row };
}

/**
 * Why no hold was placed for this input: an earlier hold with its key (returned, created: false:
 * a repeat) or a refusal, thrown as pt_exhausted with { needed, available, reason }.
 */
export async function holdOrRefusal(db: Db, input: ReserveInput): Promise<Hold> {
  const { amount, key, type, ownerId, now } = check(input);
  const rows = await db.$queryRaw<RefusalRow[]>`
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

/**
 * Releases open holds past their expiry (crash safety). Batched; SKIP LOCKED never waits on a settle.
 * `alongside`: the caller's CTE definitions run in each batch's statement, so what it keeps against
 * a hold (an API key's reservation) is released with the hold, exactly once. They may read `h` (the
 * holds this statement expired: id, key, "accountId", amount), `acct` (reading it first keeps the
 * lock order: account rows, then the caller's) and `clock` (t).
 */
export async function sweepExpiredHolds(
  db: Db,
  options: { now?: Date; batchSize?: number; alongside?: Prisma.Sql } = {},
): Promise<{ released: number }> {
  const batch = options.batchSize ?? 500;
  const alongside = options.alongside ? Prisma.sql`, ${options.alongside}` : Prisma.empty;
  let released = 0;
  for (;;) {
    const rows = await db.$queryRaw<{ n: number }[]>`
      WITH clock AS (SELECT coalesce(${options.now ?? null}::timestamptz, now()) AS t),
      due AS (
        SELECT id FROM "LedgerHold" WHERE status = 'open' AND "expiresAt" <= (SELECT t FROM clock)
        ORDER BY "expiresAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED),
      h AS (
        UPDATE "LedgerHold" h SET status = 'expired', "closedAt" = (SELECT t FROM clock)
        FROM due WHERE h.id = due.id RETURNING h.id, h.key, h."accountId", h.amount),
      per AS (SELECT "accountId", sum(amount)::bigint AS pt FROM h GROUP BY "accountId"),
      acct AS (
        UPDATE "LedgerAccount" a SET pending = a.pending - per.pt FROM per WHERE a.id = per."accountId"
        RETURNING a.id)${alongside}
      SELECT (SELECT count(*) FROM h)::int AS n, (SELECT count(*) FROM acct)::int AS accounts`;
    const n = rows[0]?.n ?? 0;
    released += n;
    if (n < batch) return { released };
  }
}
