// Forfeiture: when an account is deleted, the PT left on it leave through one ledger transaction
// (kind "expiry", to the "expired" system account, metadata.reason says why), drawing every grant
// to zero, so the ledger still balances and the account's posted becomes 0. PT under open holds
// cannot be forfeited: the caller releases them first. Idempotent on its key.
import type { Db } from "@/lib/db";
import { findAccountId, systemAccountId } from "@/lib/ledger/accounts";
import type { AccountRef } from "@/lib/ledger/common";
import { assertKey, inTransaction } from "@/lib/ledger/common";
import { drawGrants, insertEntries, insertTransaction, lockAccounts, lockGrants } from "@/lib/ledger/posting";

export type ForfeitResult = { forfeited: bigint; created: boolean };

export async function forfeitBalance(
  db: Db,
  input: { account: AccountRef; key: string; reason: string; actor?: string; now?: Date },
): Promise<ForfeitResult> {
  const key = assertKey(input.key);
  return inTransaction(db, async (tx) => {
    const accountId = await findAccountId(tx, input.account);
    if (!accountId) return { forfeited: 0n, created: false };
    const expiredId = await systemAccountId(tx, "expired");
    const account = (await lockAccounts(tx, [accountId])).get(accountId);
    if (!account) return { forfeited: 0n, created: false };
    const grants = await lockGrants(tx, accountId);
    const room = account.posted - account.pending;
    const total = grants.reduce((s, g) => s + g.remaining, 0n);
    const amount = total < room ? total : room > 0n ? room : 0n;
    if (amount === 0n) return { forfeited: 0n, created: false };
    const transactionId = await insertTransaction(tx, {
      kind: "expiry",
      key,
      actor: input.actor ?? "system:forfeit",
      metadata: { reason: input.reason },
      at: input.now,
    });
    if (!transactionId) return { forfeited: 0n, created: false };
    await drawGrants(tx, transactionId, grants, amount);
    const posted = account.posted - amount;
    await tx.$executeRaw`UPDATE "LedgerAccount" SET posted = posted - ${amount} WHERE id = ${accountId}::uuid`;
    await insertEntries(tx, transactionId, [
      { accountId, amount: -amount, balanceAfter: posted },
      { accountId: expiredId, amount },
    ]);
    return { forfeited: amount, created: true };
  });
}
