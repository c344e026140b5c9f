// Chargebacks on a team's purchase act on the team's pool, never on the member who clicked Buy: the
// PT went to the pool, so the member's personal account is not frozen. Stripe takes the disputed
// money when the dispute opens, so the disputed share of the purchase's PT leaves the pool then,
// through the ledger's chargeback path (applyChargeback: key chargeback:<dispute>, debt for what
// the team already spent, which later credits repay first); a won dispute gives it back with one
// compensating credit (key dispute_won:<dispute>), a lost one takes nothing more. Runs in the
// webhook effect's transaction with the Payment row locked (dispute-common.ts).
import type { LockedPayment } from "@/lib/billing/clawbacks";
import { applyChargeback } from "@/lib/billing/clawbacks";
import type { Tx } from "@/lib/billing/db-types";
import type { EffectResult } from "@/lib/billing/events/types";
import { notifyAdmins } from "@/lib/billing/notify";
import type { Dispute } from "@/lib/billing/stripe-objects";
import { idOf } from "@/lib/billing/stripe-objects";
import { grantCredits } from "@/lib/ledger/grants";
import { teamAccount } from "@/lib/teams/admission-gate";

export type TeamPayment = LockedPayment & { teamId: string };

export function isTeamPayment(payment: LockedPayment | null): payment is TeamPayment {
  return payment?.teamId != null;
}

const disputeRow = (dispute: Dispute, payment: TeamPayment) => ({
  id: dispute.id,
  userId: payment.userId,
  teamId: payment.teamId,
  chargeId: idOf(dispute.charge) ?? "",
});

/** charge.dispute.created on a team purchase: record it and take the disputed share from the pool. */
export async function openTeamDispute(tx: Tx, dispute: Dispute, payment: TeamPayment): Promise<EffectResult> {
  const taken = await applyChargeback(tx, {
    payment,
    disputeId: dispute.id,
    disputedMinor: BigInt(dispute.amount),
  });
  await tx.billingDispute.create({
    data: { ...disputeRow(dispute, payment), status: dispute.status, amountMinor: BigInt(dispute.amount) },
  });
  await notifyAdmins(tx, {
    alert: "team_dispute_opened",
    dedupeKey: `dispute_opened:${dispute.id}`,
    data: {
      teamId: payment.teamId,
      buyerId: payment.userId,
      disputeId: dispute.id,
      reason: dispute.reason ?? null,
      amountMinor: dispute.amount,
      recoveredPt: taken.recovered.toString(),
      debtPt: taken.debt.toString(),
    },
  });
  return {
    status: "applied",
    note: `team dispute: took ${taken.recovered} PT from the pool, debt ${taken.debt} PT`,
  };
}

/** charge.dispute.closed on a team purchase: lost keeps (or takes) the clawback; won gives it back. */
export async function closeTeamDispute(
  tx: Tx,
  input: { dispute: Dispute; payment: TeamPayment; now: Date },
): Promise<EffectResult> {
  const { dispute, payment } = input;
  const row = { status: dispute.status, amountMinor: BigInt(dispute.amount), closedAt: input.now };
  await tx.billingDispute.upsert({
    where: { id: dispute.id },
    create: { ...disputeRow(dispute, payment), ...row },
    update: row,
  });
  if (dispute.status === "lost") {
    // Taken when it opened; a dispute first seen closed is taken now.
    const taken = await applyChargeback(tx, {
      payment,
      disputeId: dispute.id,
      disputedMinor: BigInt(dispute.amount),
    });
    await notifyAdmins(tx, {
      alert: "dispute_lost",
      dedupeKey: `dispute_lost:${dispute.id}`,
      data: { teamId: payment.teamId, buyerId: payment.userId, disputeId: dispute.id },
    });
    return { status: "applied", note: `team dispute lost: ${taken.recovered} PT more taken from the pool` };
  }
  // Won (or an inquiry closed): the money came back, so do the PT. Stripe allows one dispute per
  // charge, so what disputes took from this purchase is this dispute's.
  const returned = payment.chargebackPt;
  if (returned <= 0n) return { status: "applied", note: `team dispute ${dispute.status}` };
  // PT of a period's allowance come back with that period's expiry; once it has passed they
  // would have expired anyway, so nothing comes back.
  const grant = payment.grantId
    ? await tx.ledgerGrant.findUnique({ where: { id: payment.grantId }, select: { expiresAt: true } })
    : null;
  const expiresAt = grant?.expiresAt ?? null;
  if (expiresAt && expiresAt <= input.now)
    return { status: "applied", note: `team dispute ${dispute.status}: the allowance had expired` };
  await tx.payment.update({ where: { id: payment.id }, data: { chargebackPt: 0n } });
  await grantCredits(tx, {
    account: teamAccount(payment.teamId),
    amount: returned,
    source: "adjustment",
    expiresAt,
    key: `dispute_won:${dispute.id}`,
    actor: "stripe",
    metadata: { disputeId: dispute.id, paymentId: payment.id },
  });
  return { status: "applied", note: `team dispute ${dispute.status}: ${returned} PT back to the pool` };
}
