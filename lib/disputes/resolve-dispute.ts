// Admin decisions on a user's dispute. Approve: a compensating refund credit keyed `dispute:<id>`
// (message, ledger entry) or a Stripe refund keyed by the dispute (payment; the ledger follows via
// the webhook). Reject: with a note. The status change, the credit, the audit row, the in-app
// notification and the email commit in one transaction; deciding twice changes nothing more.
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import { appUrl } from "@/lib/app-url";
import type { PaymentRefunder } from "@/lib/disputes/payment-refund";
import { refundDisputedPayment } from "@/lib/disputes/payment-refund";
import { disputeEventData } from "@/lib/disputes/webhook-data";
import { enqueueEmail } from "@/lib/email/enqueue";
import { AppError } from "@/lib/errors";
import type { Dispute, Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { refundCredit } from "@/lib/ledger/clawback";
import { notify } from "@/lib/notifications";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";

export type Resolution = { dispute: Dispute; changed: boolean };

const ITEM_LABEL = {
  message: "a chat reply",
  payment: "a payment",
  ledger_entry: "a ledger charge",
} as const;

async function loadOpen(db: PrismaClient | Prisma.TransactionClient, id: string): Promise<Dispute> {
  const dispute = await db.dispute.findUnique({ where: { id } });
  if (!dispute) throw new AppError("not_found", "No such dispute.");
  return dispute;
}

async function announce(tx: Prisma.TransactionClient, dispute: Dispute, approved: boolean): Promise<void> {
  const user = await tx.user.findUnique({
    where: { id: dispute.userId },
    select: { email: true, name: true },
  });
  const item = ITEM_LABEL[dispute.itemType];
  await notify(tx, {
    userId: dispute.userId,
    kind: "dispute_resolved",
    title: approved ? "Dispute approved" : "Dispute rejected",
    body: approved
      ? `Your dispute of ${item} was approved and refunded.`
      : `Your dispute of ${item} was rejected.${dispute.resolutionNote ? ` ${dispute.resolutionNote}` : ""}`,
    link: "/account/ledger",
    dedupeKey: `dispute:${dispute.id}`,
  });
  if (user) {
    await enqueueEmail(tx, {
      to: user.email,
      template: "dispute-resolved",
      data: {
        approved,
        item,
        note: dispute.resolutionNote,
        url: `${appUrl()}/account/ledger`,
        name: user.name,
      },
      userId: dispute.userId,
      dedupeKey: `dispute-resolved:${dispute.id}`,
    });
  }
}

/** Decides an open dispute inside one transaction; `effect` posts the refund (if any) first. */
async function decide(
  db: PrismaClient,
  actor: Actor,
  id: string,
  status: "approved" | "rejected",
  note: string | null,
  effect: (tx: Prisma.TransactionClient, dispute: Dispute) => Promise<Partial<Dispute>>,
): Promise<Resolution> {
  return db.$transaction(
    async (tx) => {
      // The conditional update takes the row lock: a concurrent decision waits, then sees it closed.
      const { count } = await tx.dispute.updateMany({
        where: { id, status: "open" },
        data: {
          status,
          openKey: null,
          resolvedBy: actor.userId,
          resolvedAt: new Date(),
          resolutionNote: note,
        },
      });
      const current = await loadOpen(tx, id);
      if (count === 0) {
        if (current.status === status) return { dispute: current, changed: false };
        throw new AppError("conflict", `This dispute was already ${current.status}.`);
      }
      const extra = await effect(tx, current);
      const dispute = Object.keys(extra).length
        ? await tx.dispute.update({ where: { id }, data: extra })
        : current;
      await writeAudit(tx, actor, {
        action: `dispute.${status === "approved" ? "approve" : "reject"}`,
        targetType: "dispute",
        targetId: id,
        before: { status: "open" },
        after: {
          status,
          note,
          refundTransactionId: dispute.refundTransactionId,
          stripeRefundId: dispute.stripeRefundId,
        },
      });
      await announce(tx, dispute, status === "approved");
      await emitWebhookEvent(tx, {
        type: "dispute.resolved",
        userId: dispute.userId,
        key: dispute.id,
        data: disputeEventData(dispute),
      });
      return { dispute, changed: true };
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

export async function approveDispute(
  db: PrismaClient,
  actor: Actor,
  input: { id: string; note?: string | null },
  refundPayment: PaymentRefunder = refundDisputedPayment,
): Promise<Resolution> {
  const before = await loadOpen(db, input.id);
  if (before.status === "approved") return { dispute: before, changed: false };
  if (before.status !== "open") throw new AppError("conflict", `This dispute was already ${before.status}.`);
  // Stripe is called outside the transaction; its idempotency key makes a repeat the same refund.
  const stripeRefundId =
    before.itemType === "payment"
      ? (await refundPayment(db, { paymentId: before.itemId, disputeId: before.id, actor: actor.userId }))
          .refundId
      : null;
  return decide(db, actor, input.id, "approved", input.note ?? null, async (tx, dispute) => {
    if (stripeRefundId) return { stripeRefundId };
    if (!dispute.amountPt || dispute.amountPt <= 0n) throw new AppError("conflict", "Nothing to refund.");
    const credit = await refundCredit(tx, {
      account: { kind: "user", userId: dispute.userId },
      amount: dispute.amountPt,
      key: `dispute:${dispute.id}`,
      actor: actor.userId,
      metadata: { disputeId: dispute.id, itemType: dispute.itemType, itemId: dispute.itemId },
    });
    return { refundTransactionId: credit.transactionId };
  });
}

export function rejectDispute(
  db: PrismaClient,
  actor: Actor,
  input: { id: string; note: string },
): Promise<Resolution> {
  return decide(db, actor, input.id, "rejected", input.note, async () => ({}));
}
