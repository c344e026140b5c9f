// Credit grants (buckets). Every credit lands in a grant with a source, a priority and an optional
// expiry; usage draws grants in priority order (lower first; within a priority the earliest expiry).
// expireGrants moves expired remainders to the "expired" system account, so a monthly allowance
// ends exactly at its period end (reserve already ignores expired grants before the cron runs).
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SystemAccountCode } from "@/lib/ledger/accounts";
import { ensureAccount, systemAccountId } from "@/lib/ledger/accounts";
import type { AccountRef, GrantSourceName, LedgerKind, Tx } from "@/lib/ledger/common";
import { assertKey, assertPt, inTransaction, min } from "@/lib/ledger/common";
import {
  creditGrants,
  drawGrants,
  type GrantRow,
  insertEntries,
  insertTransaction,
  lockAccounts,
} from "@/lib/ledger/posting";

export const GRANT_PRIORITY: Record<GrantSourceName, number> = {
  allowance: 0,
  trial: 1,
  promo: 1,
  adjustment: 2,
  purchase: 3,
};

export const DEFAULT_KIND: Record<GrantSourceName, LedgerKind> = {
  allowance: "grant",
  trial: "grant",
  promo: "grant",
  adjustment: "adjustment",
  purchase: "purchase",
};

/** The system account a credit of this kind comes from. */
export function counterpartyOf(kind: LedgerKind): SystemAccountCode {
  switch (kind) {
    case "purchase":
      return "purchases";
    case "adjustment":
      return "adjustments";
    case "refund":
      return "refunds";
    default:
      return "issued_grants";
  }
}

export type GrantInput = {
  account: AccountRef;
  amount: bigint;
  source: GrantSourceName;
  kind?: LedgerKind;
  expiresAt?: Date | null;
  key: string;
  actor?: string;
  metadata?: Record<string, unknown>;
};

export type GrantResult = { transactionId: string; grantId: string; created: boolean };

/** Credits PT as one grant. Same key again → the first result, nothing written; other terms → idempotency_conflict. */
export async function grantCredits(db: Db, input: GrantInput): Promise<GrantResult> {
  const amount = assertPt(input.amount, "amount");
  const key = assertKey(input.key);
  if (!Object.hasOwn(GRANT_PRIORITY, input.source)) {
    throw new AppError("bad_request", `Unknown grant source: ${String(input.source)}`);
  }
  const kind = input.kind ?? DEFAULT_KIND[input.source];
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null && !(expiresAt instanceof Date && Number.isFinite(expiresAt.getTime()))) {
    throw new AppError("bad_request", "expiresAt must be a valid Date or null.");
  }
  return inTransaction(db, async (tx) => {
    const { id: accountId } = await ensureAccount(tx, input.account);
    const prior = await existingGrant(tx, key);
    if (prior) return sameGrant(prior, { accountId, amount, source: input.source });
    const counterparty = await systemAccountId(tx, counterpartyOf(kind));
    const debtId = await systemAccountId(tx, "debt");
    const account = (await lockAccounts(tx, [accountId])).get(accountId);
    if (!account) throw new AppError("internal", "ledger account vanished");
    const transactionId = await insertTransaction(tx, {
      kind,
      key,
      actor: input.actor,
      metadata: { ...input.metadata, source: input.source },
    });
    if (!transactionId) {
      // A concurrent call with the same key committed first (we waited on its row).
      const winner = await existingGrant(tx, key);
      if (!winner) throw new AppError("conflict", "idempotency key in use by another kind of transaction");
      return sameGrant(winner, { accountId, amount, source: input.source });
    }
    const credit = await creditGrants(tx, account, transactionId, [
      { source: input.source, priority: GRANT_PRIORITY[input.source], amount, expiresAt },
    ]);
    await insertEntries(tx, transactionId, [
      { accountId: counterparty, amount: -amount },
      { accountId, amount: credit.credited, balanceAfter: credit.posted },
      { accountId: debtId, amount: credit.repaid },
    ]);
    return { transactionId, grantId: credit.grantIds[0] as string, created: true };
  });
}

type PriorGrant = {
  transactionId: string;
  grantId: string | null;
  accountId: string;
  amount: bigint;
  source: string;
};

async function existingGrant(tx: Tx, key: string): Promise<PriorGrant | null> {
  const rows = await tx.$queryRaw<PriorGrant[]>`
    SELECT t.id::text AS "transactionId", g.id::text AS "grantId", g."accountId"::text AS "accountId",
           g.amount, g.source::text AS source
    FROM "LedgerTransaction" t LEFT JOIN "LedgerGrant" g ON g."transactionId" = t.id
    WHERE t."idempotencyKey" = ${key} LIMIT 1`;
  return rows[0] ?? null;
}

function sameGrant(
  prior: PriorGrant,
  wanted: { accountId: string; amount: bigint; source: string },
): GrantResult {
  if (
    !prior.grantId ||
    prior.accountId !== wanted.accountId ||
    prior.amount !== wanted.amount ||
    prior.source !== wanted.source
  ) {
    throw new AppError("idempotency_conflict", "This key was already used for a different credit.", {
      transactionId: prior.transactionId,
    });
  }
  return { transactionId: prior.transactionId, grantId: prior.grantId, created: false };
}

/**
 * Moves the remaining PT of grants whose expiry has passed to the "expired" account (the cron's
 * job). A grant is left for a later run while its account has an open hold placed before the
 * grant expired (that hold may still settle against it) or while the PT are held.
 */
export async function expireGrants(
  db: Db,
  options: { now?: Date } = {},
): Promise<{ expired: number; pt: bigint }> {
  const now = options.now ?? new Date();
  const accounts = await db.$queryRaw<{ accountId: string }[]>`
    SELECT DISTINCT "accountId"::text AS "accountId" FROM "LedgerGrant"
    WHERE remaining > 0 AND "expiresAt" <= ${now}::timestamptz`;
  let expired = 0;
  let pt = 0n;
  for (const { accountId } of accounts) {
    const result = await inTransaction(db, (tx) => expireAccount(tx, accountId, now));
    expired += result.expired;
    pt += result.pt;
  }
  return { expired, pt };
}

async function expireAccount(tx: Tx, accountId: string, now: Date): Promise<{ expired: number; pt: bigint }> {
  const expiredAccount = await systemAccountId(tx, "expired");
  const account = (await lockAccounts(tx, [accountId])).get(accountId);
  if (!account) return { expired: 0, pt: 0n };
  const due = await tx.$queryRaw<GrantRow[]>`
    SELECT g.id::text AS id, g.source::text AS source, g.priority, g.remaining, g."expiresAt"
    FROM "LedgerGrant" g
    WHERE g."accountId" = ${accountId}::uuid AND g.remaining > 0 AND g."expiresAt" <= ${now}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM "LedgerHold" h WHERE h."accountId" = g."accountId"
                      AND h.status = 'open' AND h."createdAt" < g."expiresAt")
    ORDER BY g."expiresAt", g.id FOR UPDATE OF g`;
  const room = account.posted - account.pending;
  const total = min(
    due.reduce((s, g) => s + g.remaining, 0n),
    room > 0n ? room : 0n,
  );
  if (total === 0n) return { expired: 0, pt: 0n };
  // The key names the exact state expired, so a re-run after a partial expiry gets a new key
  // while a concurrent duplicate run (same state) is refused by the UNIQUE constraint.
  const state = due.map((g) => `${g.id}@${g.remaining}`).join(",");
  const key = `expiry:${accountId}:${createHash("sha256").update(state).digest("hex").slice(0, 32)}`;
  const transactionId = await insertTransaction(tx, { kind: "expiry", key, at: now, actor: "system:expiry" });
  if (!transactionId) return { expired: 0, pt: 0n };
  const drawn = await drawGrants(tx, transactionId, due, total);
  const posted = account.posted - total;
  await tx.$executeRaw`UPDATE "LedgerAccount" SET posted = posted - ${total} WHERE id = ${accountId}::uuid`;
  await insertEntries(tx, transactionId, [
    { accountId, amount: -total, balanceAfter: posted },
    { accountId: expiredAccount, amount: total },
  ]);
  return { expired: drawn.length, pt: total };
}
