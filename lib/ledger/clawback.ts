// Clawbacks (a refunded purchase, a lost chargeback) and admin-approved refund credits.
// A clawback takes what is still spendable — from the named purchase grant first, then the other
// live grants in draw order — and records the rest as debt. Debt is a receivable held by the
// "debt" system account (its balance is minus the sum of all users' debt); later credits repay it
// first, and reserve() refuses while it is > 0. PT under open holds is never taken.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ensureAccount, systemAccountId } from "@/lib/ledger/accounts";
import type { AccountRef, Tx } from "@/lib/ledger/common";
import { assertKey, assertPt, inTransaction, max, min } from "@/lib/ledger/common";
import type { GrantResult } from "@/lib/ledger/grants";
import { grantCredits } from "@/lib/ledger/grants";
import { drawGrants, insertEntries, insertTransaction, lockAccounts, lockGrants } from "@/lib/ledger/posting";

export type ClawbackInput = {
  account: AccountRef;
  amount: bigint;
  key: string;
  kind: "refund" | "chargeback";
  grantId?: string;
  actor?: string;
  metadata?: Record<string, unknown>;
  now?: Date;
};
export type ClawbackResult = { transactionId: string; recovered: bigint; debt: bigint; created: boolean };

export async function clawback(db: Db, input: ClawbackInput): Promise<ClawbackResult> {
  const amount = assertPt(input.amount, "amount");
  const key = assertKey(input.key);
  if (input.kind !== "refund" && input.kind !== "chargeback") {
    throw new AppError("bad_request", "kind must be refund or chargeback.");
  }
  return inTransaction(db, async (tx) => {
    const { id: accountId } = await ensureAccount(tx, input.account);
    const prior = await priorClawback(tx, key, accountId, amount);
    if (prior) return prior;
    const sink = await systemAccountId(tx, input.kind === "refund" ? "refunds" : "chargebacks");
    const debtId = await systemAccountId(tx, "debt");
    const account = (await lockAccounts(tx, [accountId])).get(accountId);
    if (!account) throw new AppError("internal", "ledger account vanished");
    const now = input.now ?? new Date();
    const grants = await lockGrants(tx, accountId, { unexpiredAt: now, first: input.grantId });
    const live = grants.reduce((s, g) => s + g.remaining, 0n);
    // Only PT not needed by open holds can be taken; expired grants belong to expiry, not here.
    const recovered = min(amount, max(0n, min(live, account.posted) - account.pending));
    const debt = amount - recovered;
    const transactionId = await insertTransaction(tx, {
      kind: input.kind,
      key,
      actor: input.actor,
      metadata: { ...input.metadata, grantId: input.grantId, accountId, requested: amount.toString() },
      at: input.now,
    });
    if (!transactionId) {
      const winner = await priorClawback(tx, key, accountId, amount);
      if (!winner) throw new AppError("idempotency_conflict");
      return winner;
    }
    await drawGrants(tx, transactionId, grants, recovered);
    const posted = account.posted - recovered;
    await tx.$executeRaw`
      UPDATE "LedgerAccount" SET posted = posted - ${recovered}, debt = debt + ${debt}
      WHERE id = ${accountId}::uuid`;
    await insertEntries(tx, transactionId, [
      { accountId, amount: -recovered, balanceAfter: posted },
      { accountId: debtId, amount: -debt },
      { accountId: sink, amount },
    ]);
    return { transactionId, recovered, debt, created: true };
  });
}

async function priorClawback(
  tx: Tx,
  key: string,
  accountId: string,
  amount: bigint,
): Promise<ClawbackResult | null> {
  const rows = await tx.$queryRaw<
    { id: string; kind: string; requested: string | null; account: string | null }[]
  >`
    SELECT id::text AS id, kind::text AS kind, metadata->>'requested' AS requested, metadata->>'accountId' AS account
    FROM "LedgerTransaction" WHERE "idempotencyKey" = ${key}`;
  const prior = rows[0];
  if (!prior) return null;
  if (
    (prior.kind !== "refund" && prior.kind !== "chargeback") ||
    prior.requested !== amount.toString() ||
    prior.account !== accountId
  ) {
    throw new AppError("idempotency_conflict", "This key was already used for a different clawback.");
  }
  const own = await tx.$queryRaw<{ amount: bigint }[]>`
    SELECT coalesce(sum(amount), 0)::bigint AS amount FROM "LedgerEntry"
    WHERE "transactionId" = ${prior.id}::uuid AND "accountId" = ${accountId}::uuid`;
  const recovered = -(own[0]?.amount ?? 0n);
  return { transactionId: prior.id, recovered, debt: amount - recovered, created: false };
}

export type RefundCreditInput = {
  account: AccountRef;
  amount: bigint;
  key: string;
  actor: string;
  metadata?: Record<string, unknown>;
};

/** An admin-approved refund paid back as PT: a new adjustment-priority grant of kind "refund". */
export function refundCredit(db: Db, input: RefundCreditInput): Promise<GrantResult> {
  return grantCredits(db, { ...input, source: "adjustment", kind: "refund" });
}
