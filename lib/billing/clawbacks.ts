// Refunds and lost disputes take PT back from the purchase they paid for: the share of its PT
// that the refunded (or disputed) money represents, rounded half-even, minus what was already
// taken back. Amounts are cumulative (Stripe's amount_refunded), so refund events in any order or
// repeated converge on the same total; the Payment row is locked while the delta is computed.
import type { Tx } from "@/lib/billing/db-types";
import type { EffectResult } from "@/lib/billing/events/types";
import { notifyAdmins } from "@/lib/billing/notify";
import { setLedgerFrozen } from "@/lib/ledger/accounts";
import { clawback } from "@/lib/ledger/clawback";
import { min } from "@/lib/ledger/common";
import { roundHalfEven } from "@/lib/money/rounding";
import { teamAccount } from "@/lib/teams/admission-gate";
import { forgetCached, USER_ACCESS_CACHE } from "@/lib/ttl-cache";

export type LockedPayment = {
  id: string;
  userId: string;
  /** A team purchase: its PT went to the team's pool, so they are taken back from there. */
  teamId: string | null;
  amountMinor: bigint;
  pt: bigint;
  grantId: string | null;
  refundedPt: bigint;
  chargebackPt: bigint;
};

export async function lockPaymentByIntent(tx: Tx, paymentIntentId: string): Promise<LockedPayment | null> {
  const rows = await tx.$queryRaw<LockedPayment[]>`
    SELECT id::text AS id, "userId"::text AS "userId", "teamId"::text AS "teamId", "amountMinor", pt, "grantId", "refundedPt", "chargebackPt"
    FROM "Payment" WHERE "paymentIntentId" = ${paymentIntentId} FOR UPDATE`;
  return rows[0] ?? null;
}

/** The account a purchase credited: the team's pool for a team purchase, else the buyer's. */
function creditedAccount(payment: LockedPayment) {
  return payment.teamId ? teamAccount(payment.teamId) : ({ kind: "user", userId: payment.userId } as const);
}

function shareOf(payment: LockedPayment, moneyMinor: bigint, chargeAmountMinor: bigint): bigint {
  const denominator = chargeAmountMinor > 0n ? chargeAmountMinor : payment.amountMinor;
  if (denominator <= 0n) return 0n;
  const share = roundHalfEven(payment.pt * moneyMinor, denominator);
  return min(share, payment.pt);
}

export async function applyRefund(
  tx: Tx,
  input: { payment: LockedPayment; chargeId: string; amountRefunded: bigint; chargeAmount: bigint },
): Promise<EffectResult> {
  const { payment } = input;
  const ceiling = payment.pt - payment.chargebackPt;
  const wanted = shareOf(payment, input.amountRefunded, input.chargeAmount);
  const target = min(wanted, ceiling);
  const delta = target - payment.refundedPt;
  await tx.payment.update({
    where: { id: payment.id },
    data: { refundedMinor: input.amountRefunded, ...(delta > 0n ? { refundedPt: target } : {}) },
  });
  if (delta <= 0n) return { status: "applied", note: "refund already reflected" };
  const result = await clawback(tx, {
    account: creditedAccount(payment),
    amount: delta,
    key: `refund:${payment.id}:${target}`,
    kind: "refund",
    grantId: payment.grantId ?? undefined,
    actor: "stripe",
    metadata: { chargeId: input.chargeId, amountRefunded: input.amountRefunded.toString() },
  });
  if (result.debt > 0n) {
    await notifyAdmins(tx, {
      alert: "refund_debt",
      dedupeKey: `refund_debt:${payment.id}:${target}`,
      data: { userId: payment.userId, chargeId: input.chargeId, debtPt: result.debt.toString() },
    });
  }
  return { status: "applied", note: `clawed back ${result.recovered} PT, debt ${result.debt} PT` };
}

export async function applyChargeback(
  tx: Tx,
  input: { payment: LockedPayment; disputeId: string; disputedMinor: bigint },
): Promise<{ recovered: bigint; debt: bigint }> {
  const { payment } = input;
  const ceiling = payment.pt - payment.refundedPt;
  const wanted = shareOf(payment, input.disputedMinor, payment.amountMinor);
  const target = min(wanted, ceiling);
  const delta = target - payment.chargebackPt;
  if (delta <= 0n) return { recovered: 0n, debt: 0n };
  await tx.payment.update({ where: { id: payment.id }, data: { chargebackPt: target } });
  const result = await clawback(tx, {
    account: creditedAccount(payment),
    amount: delta,
    key: `chargeback:${input.disputeId}`,
    kind: "chargeback",
    grantId: payment.grantId ?? undefined,
    actor: "stripe",
    metadata: { disputeId: input.disputeId },
  });
  return { recovered: result.recovered, debt: result.debt };
}

/** Freezes the user (User.status and the ledger account); true when this call froze an active user. */
export async function freezeUser(tx: Tx, userId: string): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, status: "active" },
    data: { status: "frozen" },
  });
  await setLedgerFrozen(tx, { kind: "user", userId }, true);
  forgetCached(USER_ACCESS_CACHE, userId);
  return count > 0;
}

export async function unfreezeUser(tx: Tx, userId: string): Promise<void> {
  await tx.user.updateMany({ where: { id: userId, status: "frozen" }, data: { status: "active" } });
  await setLedgerFrozen(tx, { kind: "user", userId }, false);
  forgetCached(USER_ACCESS_CACHE, userId);
}
