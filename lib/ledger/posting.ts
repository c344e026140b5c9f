// Building blocks of the ledger's non-hot-path writes (grants, expiry, clawback, transfer), used
// inside one interactive transaction that has locked the affected accounts (FOR UPDATE, in id
// order). Invariants kept here: a user account's posted equals the sum of its grants' remaining;
// every reduction of a grant is a LedgerGrantDraw row; every transaction's entries sum to zero.
import { randomUUID } from "node:crypto";
import type { LedgerKind, Tx } from "@/lib/ledger/common";
import { jsonParam, min } from "@/lib/ledger/common";

export type LockedAccount = {
  id: string;
  type: string;
  posted: bigint;
  pending: bigint;
  debt: bigint;
  frozen: boolean;
};

/** Locks accounts in id order (the one lock order of the ledger) and returns them by id. */
export async function lockAccounts(tx: Tx, ids: string[]): Promise<Map<string, LockedAccount>> {
  const sorted = [...new Set(ids)].sort();
  const rows = await tx.$queryRaw<LockedAccount[]>`
    SELECT id::text AS id, type::text AS type, posted, pending, debt, frozen FROM "LedgerAccount"
    WHERE id = ANY(${sorted}::uuid[]) ORDER BY id FOR UPDATE`;
  return new Map(rows.map((r) => [r.id, r]));
}

/** Inserts the transaction row; returns null when its idempotency key already exists. */
export async function insertTransaction(
  tx: Tx,
  input: { kind: LedgerKind; key: string; actor?: string; metadata?: Record<string, unknown>; at?: Date },
): Promise<string | null> {
  const id = randomUUID();
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "LedgerTransaction" (id, kind, "idempotencyKey", actor, metadata, "createdAt")
    VALUES (${id}::uuid, ${input.kind}::"LedgerKind", ${input.key}, ${input.actor ?? null},
            ${jsonParam(input.metadata)}::jsonb, coalesce(${input.at ?? null}::timestamptz, now()))
    ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING id::text AS id`;
  return rows[0]?.id ?? null;
}

export type EntryInput = { accountId: string; amount: bigint; balanceAfter?: bigint | null };

/** Inserts the non-zero entries of a transaction; refuses (before the database would) if they do not balance. */
export async function insertEntries(tx: Tx, transactionId: string, entries: EntryInput[]): Promise<void> {
  const total = entries.reduce((sum, e) => sum + e.amount, 0n);
  if (total !== 0n) throw new Error(`ledger: entries of ${transactionId} sum to ${total}, not 0`);
  const rows = entries.filter((e) => e.amount !== 0n);
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "LedgerEntry" ("transactionId", "accountId", amount, "balanceAfter")
    SELECT ${transactionId}::uuid, a, m, b
    FROM unnest(${rows.map((r) => r.accountId)}::uuid[], ${rows.map((r) => r.amount.toString())}::bigint[],
                ${rows.map((r) => (r.balanceAfter == null ? null : r.balanceAfter.toString()))}::bigint[])
         AS t(a, m, b)`;
}

export type GrantRow = {
  id: string;
  source: string;
  priority: number;
  remaining: bigint;
  expiresAt: Date | null;
};

/** Live grants of an account in draw order, locked. unexpiredAt excludes grants expired by then. */
export async function lockGrants(
  tx: Tx,
  accountId: string,
  options: { unexpiredAt?: Date; first?: string } = {},
): Promise<GrantRow[]> {
  return tx.$queryRaw<GrantRow[]>`
    SELECT id::text AS id, source::text AS source, priority, remaining, "expiresAt" FROM "LedgerGrant"
    WHERE "accountId" = ${accountId}::uuid AND remaining > 0
      AND (${options.unexpiredAt ?? null}::timestamptz IS NULL OR "expiresAt" IS NULL
           OR "expiresAt" > ${options.unexpiredAt ?? null}::timestamptz)
    ORDER BY (id::text = ${options.first ?? ""}) DESC, priority, "expiresAt" NULLS LAST, "createdAt", id
    FOR UPDATE`;
}

/** Draws up to `amount` from grants in the given order; records the draws; returns what was taken per grant. */
export async function drawGrants(
  tx: Tx,
  transactionId: string,
  grants: GrantRow[],
  amount: bigint,
): Promise<{ grant: GrantRow; taken: bigint }[]> {
  const taken: { grant: GrantRow; taken: bigint }[] = [];
  let left = amount;
  for (const grant of grants) {
    if (left === 0n) break;
    const take = min(grant.remaining, left);
    if (take > 0n) taken.push({ grant, taken: take });
    left -= take;
  }
  if (taken.length === 0) return taken;
  const ids = taken.map((t) => t.grant.id);
  const amounts = taken.map((t) => t.taken.toString());
  await tx.$executeRaw`
    UPDATE "LedgerGrant" g SET remaining = g.remaining - t.m
    FROM unnest(${ids}::uuid[], ${amounts}::bigint[]) AS t(id, m) WHERE g.id = t.id`;
  await tx.$executeRaw`
    INSERT INTO "LedgerGrantDraw" ("grantId", "transactionId", amount)
    SELECT t.id, ${transactionId}::uuid, t.m FROM unnest(${ids}::uuid[], ${amounts}::bigint[]) AS t(id, m)`;
  return taken;
}

export type GrantPiece = { source: string; priority: number; amount: bigint; expiresAt: Date | null };

/**
 * Credits pieces to a locked account as new grants. Outstanding debt is repaid first (recorded as
 * a draw on the new grant), so only the rest becomes spendable. Updates the account's posted/debt.
 * Returns the new grant ids, the PT that became spendable and the PT that repaid debt.
 */
export async function creditGrants(
  tx: Tx,
  account: LockedAccount,
  transactionId: string,
  pieces: GrantPiece[],
): Promise<{ grantIds: string[]; credited: bigint; repaid: bigint; posted: bigint }> {
  let debt = account.debt;
  let credited = 0n;
  let repaid = 0n;
  const grantIds: string[] = [];
  for (const piece of pieces) {
    const repay = min(piece.amount, debt);
    debt -= repay;
    repaid += repay;
    credited += piece.amount - repay;
    const id = randomUUID();
    grantIds.push(id);
    await tx.$executeRaw`
      INSERT INTO "LedgerGrant" (id, "accountId", "transactionId", source, priority, amount, remaining, "expiresAt")
      VALUES (${id}::uuid, ${account.id}::uuid, ${transactionId}::uuid, ${piece.source}::"GrantSource",
              ${piece.priority}, ${piece.amount}, ${piece.amount - repay}, ${piece.expiresAt}::timestamptz)`;
    if (repay > 0n) {
      await tx.$executeRaw`
        INSERT INTO "LedgerGrantDraw" ("grantId", "transactionId", amount)
        VALUES (${id}::uuid, ${transactionId}::uuid, ${repay})`;
    }
  }
  const posted = account.posted + credited;
  await tx.$executeRaw`
    UPDATE "LedgerAccount" SET posted = posted + ${credited}, debt = debt - ${repaid}
    WHERE id = ${account.id}::uuid`;
  account.posted = posted;
  account.debt = debt;
  return { grantIds, credited, repaid, posted };
}
