// The payment path of an approved dispute: a Stripe refund through the billing refund service,
// with an idempotency key derived from the dispute (so approving twice refunds once). The ledger
// follows through the charge.refunded webhook, as for every refund.
import { refundPayment } from "@/lib/billing/refund";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type PaymentRefunder = (
  db: PrismaClient,
  input: { paymentId: string; disputeId: string; actor: string },
) => Promise<{ refundId: string }>;

export const refundDisputedPayment: PaymentRefunder = async (db, input) => {
  const result = await refundPayment(db, {
    paymentId: input.paymentId,
    idempotencyKey: `dispute:${input.disputeId}`,
    actor: input.actor,
    reason: "requested_by_customer",
  });
  return { refundId: result.refundId };
};
