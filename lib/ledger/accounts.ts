// Ledger accounts. A user or guest account carries projections — posted (sum of its entries),
// pending (sum of its open holds) and debt (PT still owed after a clawback) — with the database
// CHECK posted - pending >= 0. System accounts ("usage_revenue", ...) carry no projection: their
// balance is the sum of their entries, so the hot path never touches (or serializes on) them.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { AccountRef } from "@/lib/ledger/common";
import { isClient, max, ownerOf } from "@/lib/ledger/common";

export type { AccountRef } from "@/lib/ledger/common";

export const SYSTEM_ACCOUNTS = [
  "issued_grants",
  "purchases",
  "usage_revenue",
  "refunds",
  "chargebacks",
  "expired",
  "adjustments",
  "debt",
  "transfers",
] as const;
export type SystemAccountCode = (typeof SYSTEM_ACCOUNTS)[number];

/** The user or guest account of ref, created on first use. Idempotent and safe under concurrency. */
export async function ensureAccount(db: Db, ref: AccountRef): Promise<{ id: string }> {
  const { type, ownerId } = ownerOf(ref);
  const found = await findAccountId(db, ref);
  if (found) return { id: found };
  // A concurrent creator makes ON CONFLICT skip; its row is then visible to the next statement.
  await db.$executeRaw`
    INSERT INTO "LedgerAccount" (id, type, "ownerId")
    VALUES (gen_random_uuid(), ${type}::"LedgerAccountType", ${ownerId})
    ON CONFLICT (type, "ownerId") DO NOTHING`;
  const id = await findAccountId(db, ref);
  if (!id) throw new AppError("internal", "ledger account could not be created");
  return { id };
}

/** The id of ref's account, or null when it has none yet (never creates). */
export async function findAccountId(db: Db, ref: AccountRef): Promise<string | null> {
  const { type, ownerId } = ownerOf(ref);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "LedgerAccount"
    WHERE type = ${type}::"LedgerAccountType" AND "ownerId" = ${ownerId}`;
  return rows[0]?.id ?? null;
}

// System account ids never change once committed; cache them per client (never per transaction,
// whose row might still roll back).
const systemIds = new WeakMap<object, Map<string, string>>();

/** The id of a system account, created lazily. */
export async function systemAccountId(db: Db, code: SystemAccountCode): Promise<string> {
  const cache = isClient(db) ? (systemIds.get(db) ?? new Map<string, string>()) : undefined;
  if (cache && isClient(db)) systemIds.set(db, cache);
  const cached = cache?.get(code);
  if (cached) return cached;
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH ins AS (
      INSERT INTO "LedgerAccount" (id, type, code) VALUES (gen_random_uuid(), 'system', ${code})
      ON CONFLICT (code) DO NOTHING RETURNING id)
    SELECT id::text AS id FROM ins
    UNION ALL SELECT id::text FROM "LedgerAccount" WHERE code = ${code}`;
  let id = rows[0]?.id;
  if (!id) {
    // Lost a creation race inside this statement's snapshot: the winner's row is visible now.
    const again = await db.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM "LedgerAccount" WHERE code = ${code}`;
    id = again[0]?.id;
  }
  if (!id) throw new AppError("internal", `system account ${code} could not be created`);
  cache?.set(code, id);
  return id;
}

export type Balance = {
  accountId: string;
  posted: bigint;
  pending: bigint;
  /** What reserve() would accept right now: 0 while in debt or frozen; expired grants excluded. */
  available: bigint;
  debt: bigint;
  frozen: boolean;
  grants: { id: string; source: string; remaining: bigint; expiresAt: Date | null }[];
};

/** The balance of ref's account (created empty on first use), with its live grants in draw order. */
export async function getBalance(db: Db, ref: AccountRef, options: { now?: Date } = {}): Promise<Balance> {
  const { id } = await ensureAccount(db, ref);
  const now = options.now ?? null;
  const [rows, grants] = await Promise.all([
    db.$queryRaw<{ posted: bigint; pending: bigint; debt: bigint; frozen: boolean; expired: bigint }[]>`
      SELECT a.posted, a.pending, a.debt, a.frozen,
        (SELECT coalesce(sum(g.remaining), 0)::bigint FROM "LedgerGrant" g
         WHERE g."accountId" = a.id AND g.remaining > 0
           AND g."expiresAt" <= coalesce(${now}::timestamptz, now())) AS expired
      FROM "LedgerAccount" a WHERE a.id = ${id}::uuid`,
    db.$queryRaw<{ id: string; source: string; remaining: bigint; expiresAt: Date | null }[]>`
      SELECT id::text AS id, source::text AS source, remaining, "expiresAt" FROM "LedgerGrant"
      WHERE "accountId" = ${id}::uuid AND remaining > 0
        AND ("expiresAt" IS NULL OR "expiresAt" > coalesce(${now}::timestamptz, now()))
      ORDER BY priority, "expiresAt" NULLS LAST, "createdAt", id`,
  ]);
  const row = rows[0];
  if (!row) throw new AppError("not_found", "No such ledger account.");
  const spendable = max(0n, row.posted - row.pending - row.expired);
  return {
    accountId: id,
    posted: row.posted,
    pending: row.pending,
    available: row.debt > 0n || row.frozen ? 0n : spendable,
    debt: row.debt,
    frozen: row.frozen,
    grants,
  };
}

/** Freezes (or unfreezes) spending on an account, e.g. while a chargeback is open. */
export async function setLedgerFrozen(db: Db, ref: AccountRef, frozen: boolean): Promise<void> {
  const { id } = await ensureAccount(db, ref);
  await db.$executeRaw`UPDATE "LedgerAccount" SET frozen = ${frozen} WHERE id = ${id}::uuid`;
}

/** Balances of the system accounts, derived from their entries (they keep no projection). */
export async function systemBalances(db: Db): Promise<Record<string, bigint>> {
  const rows = await db.$queryRaw<{ code: string; balance: bigint }[]>`
    SELECT a.code, coalesce(sum(e.amount), 0)::bigint AS balance
    FROM "LedgerAccount" a LEFT JOIN "LedgerEntry" e ON e."accountId" = a.id
    WHERE a.type = 'system' GROUP BY a.code ORDER BY a.code`;
  return Object.fromEntries(rows.map((r) => [r.code, r.balance]));
}
