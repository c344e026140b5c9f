// charge.dispute.created: freeze the account (no spending, no buying) and alert admins; on a team's
// purchase, take its PT from the team's pool instead (team-disputes.ts), freezing no one. A dispute
// that already closed (events out of order) changes nothing.
import { freezeUser } from "@/lib/billing/clawbacks";
import { disputeLockKey, disputeTarget, loadDisputedCharge } from "@/lib/billing/events/dispute-common";
import type { EventHandler } from "@/lib/billing/events/types";
import { notifyAdmins } from "@/lib/billing/notify";
import { Dispute, idOf } from "@/lib/billing/stripe-objects";
import { isTeamPayment, openTeamDispute } from "@/lib/billing/team-disputes";

export const chargeDisputeCreated: EventHandler = {
  lockKey: (object) => disputeLockKey(Dispute.parse(object)),
  load: (object) => loadDisputedCharge(Dispute.parse(object)),

  async apply(tx, input, loaded) {
    const dispute = Dispute.parse(input.object);
    const existing = await tx.billingDispute.findUnique({
      where: { id: dispute.id },
      select: { closedAt: true },
    });
    if (existing?.closedAt) return { status: "ignored", note: "dispute already closed" };
    if (existing) return { status: "applied", note: "dispute already recorded" };
    const { userId, payment } = await disputeTarget(tx, dispute, loaded);
    if (isTeamPayment(payment)) return openTeamDispute(tx, dispute, payment);
    const froze = await freezeUser(tx, userId);
    await tx.billingDispute.create({
      data: {
        id: dispute.id,
        userId,
        chargeId: idOf(dispute.charge) ?? "",
        status: dispute.status,
        amountMinor: BigInt(dispute.amount),
        frozeAccount: froze,
      },
    });
    await notifyAdmins(tx, {
      alert: "dispute_opened",
      dedupeKey: `dispute_opened:${dispute.id}`,
      data: { userId, disputeId: dispute.id, reason: dispute.reason ?? null, amountMinor: dispute.amount },
    });
    return { status: "applied", note: "account frozen" };
  },
};
