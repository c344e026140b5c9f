// charge.dispute.closed: won (or an inquiry closed) → unfreeze what the dispute froze, unless
// another dispute of the user is open or lost; lost → claw back the disputed share like a refund
// (the rest becomes debt) and keep the account frozen for an admin to review. A team's purchase:
// the team's pool only (team-disputes.ts); the buyer is neither frozen nor unfrozen.
import { applyChargeback, freezeUser, unfreezeUser } from "@/lib/billing/clawbacks";
import { disputeLockKey, disputeTarget, loadDisputedCharge } from "@/lib/billing/events/dispute-common";
import type { EventHandler } from "@/lib/billing/events/types";
import { notifyAdmins } from "@/lib/billing/notify";
import { Dispute, idOf } from "@/lib/billing/stripe-objects";
import { closeTeamDispute, isTeamPayment } from "@/lib/billing/team-disputes";

export const chargeDisputeClosed: EventHandler = {
  lockKey: (object) => disputeLockKey(Dispute.parse(object)),
  load: (object) => loadDisputedCharge(Dispute.parse(object)),

  async apply(tx, input, loaded) {
    const dispute = Dispute.parse(input.object);
    const existing = await tx.billingDispute.findUnique({ where: { id: dispute.id } });
    if (existing?.closedAt) return { status: "applied", note: "dispute already closed" };
    const { userId, payment } = await disputeTarget(tx, dispute, loaded);
    if (isTeamPayment(payment)) return closeTeamDispute(tx, { dispute, payment, now: input.now });
    const lost = dispute.status === "lost";
    const froze = lost ? await freezeUser(tx, userId) : false;
    const row = {
      status: dispute.status,
      amountMinor: BigInt(dispute.amount),
      closedAt: input.now,
      frozeAccount: (existing?.frozeAccount ?? false) || froze,
    };
    await tx.billingDispute.upsert({
      where: { id: dispute.id },
      create: { id: dispute.id, userId, chargeId: idOf(dispute.charge) ?? "", ...row },
      update: row,
    });
    if (!lost) {
      const blocking = await tx.billingDispute.count({
        // A team purchase's dispute never froze the buyer, so it does not keep them frozen.
        where: { userId, teamId: null, OR: [{ closedAt: null }, { status: "lost" }] },
      });
      if (existing?.frozeAccount && blocking === 0) await unfreezeUser(tx, userId);
      return { status: "applied", note: `dispute ${dispute.status}` };
    }
    const taken = payment
      ? await applyChargeback(tx, { payment, disputeId: dispute.id, disputedMinor: BigInt(dispute.amount) })
      : { recovered: 0n, debt: 0n };
    await notifyAdmins(tx, {
      alert: "dispute_lost",
      dedupeKey: `dispute_lost:${dispute.id}`,
      data: {
        userId,
        disputeId: dispute.id,
        recoveredPt: taken.recovered.toString(),
        debtPt: taken.debt.toString(),
      },
    });
    return {
      status: "applied",
      note: `dispute lost: clawed back ${taken.recovered} PT, debt ${taken.debt} PT`,
    };
  },
};
