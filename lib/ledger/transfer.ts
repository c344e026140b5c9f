// Moves a guest's PT to the user account it becomes on sign-up. Each live grant's remaining moves
// as a new grant on the target with the same source, priority and expiry, in ONE ledger
// transaction; PT under the source's open holds stays behind (those holds still settle there).
// The target's outstanding debt, if any, is repaid first, as with any credit.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ensureAccount, findAccountId, systemAccountId } from "@/lib/ledger/accounts";
import type { AccountRef, Tx } from "@/lib/ledger/common";
import { assertKey, inTransaction, max, min } from "@/lib/ledger/common";
import {
  creditGrants,
  drawGrants,
  insertEntries,
  insertTransaction,
  lockAccounts,
  lockGrants,
} from "@/lib/ledger/posting";

export type TransferInput = { from: AccountRef; to: AccountRef; key: string; actor?: string; now?: Date };

export async function transferAvailable(
  db: Db,
  input: TransferInput,
): Promise<{ moved: bigint; created: boolean }> {
  const key = assertKey(input.key);
  return inTransaction(db, async (tx) => {
    const fromId = (await findAccountId(tx, input.from)) ?? (await ensureAccount(tx, input.from)).id;
    const { id: toId } = await ensureAccount(tx, input.to);
    if (fromId === toId) throw new AppError("bad_request", "Cannot transfer an account to itself.");
    const prior = await priorTransfer(tx, key, fromId, toId);
    if (prior) return prior;
    const debtId = await systemAccountId(tx, "debt");
    const accounts = await lockAccounts(tx, [fromId, toId]);
    const from = accounts.get(fromId);
    const to = accounts.get(toId);
    if (!from || !to) throw new AppError("internal", "ledger account vanished");
    const now = input.now ?? new Date();
    const grants = await lockGrants(tx, fromId, { unexpiredAt: now });
    const live = grants.reduce((s, g) => s + g.remaining, 0n);
    const movable = from.debt > 0n ? 0n : min(live, max(0n, min(live, from.posted) - from.pending));
    const transactionId = await insertTransaction(tx, {
      kind: "transfer",
      key,
      actor: input.actor,
      metadata: { from: fromId, to: toId },
      at: input.now,
    });
    if (!transactionId) {
      const winner = await priorTransfer(tx, key, fromId, toId);
      if (!winner) throw new AppError("idempotency_conflict");
      return winner;
    }
    const drawn = await drawGrants(tx, transactionId, grants, movable);
    const fromPosted = from.posted - movable;
    await tx.$executeRaw`UPDATE "LedgerAccount" SET posted = posted - ${movable} WHERE id = ${fromId}::uuid`;
    const credit = await creditGrants(
      tx,
      to,
      transactionId,
      drawn.map((d) => ({
        source: d.grant.source,
        priority: d.grant.priority,
        amount: d.taken,
        expiresAt: d.grant.expiresAt,
      })),
    );
    await insertEntries(tx, transactionId, [
      { accountId: fromId, amount: -movable, balanceAfter: fromPosted },
      { accountId: toId, amount: credit.credited, balanceAfter: credit.posted },
      { accountId: debtId, amount: credit.repaid },
    ]);
    return { moved: movable, created: true };
  });
}

async function priorTransfer(
  tx: Tx,
  key: string,
  fromId: string,
  toId: string,
): Promise<{ moved: bigint; created: boolean } | null> {
  const rows = await tx.$queryRaw<{ id: string; kind: string; src: string | null; dst: string | null }[]>`
    SELECT id::text AS id, kind::text AS kind, metadata->>'from' AS src, metadata->>'to' AS dst
    FROM "LedgerTransaction" WHERE "idempotencyKey" = ${key}`;
  const prior = rows[0];
  if (!prior) return null;
  if (prior.kind !== "transfer" || prior.src !== fromId || prior.dst !== toId) {
    throw new AppError("idempotency_conflict", "This key was already used for a different transfer.");
  }
  const moved = await tx.$queryRaw<{ amount: bigint }[]>`
    SELECT coalesce(-sum(amount), 0)::bigint AS amount FROM "LedgerEntry"
    WHERE "transactionId" = ${prior.id}::uuid AND "accountId" = ${fromId}::uuid`;
  return { moved: moved[0]?.amount ?? 0n, created: false };
}
