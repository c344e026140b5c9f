// Admin refunds (the page comes with the admin issue). This only asks Stripe to refund, with an
// idempotency key the caller supplies (one per admin action, so a double click refunds once); the
// ledger follows through the charge.refunded webhook alone — one path for every refund, whether
// issued here, in the Stripe dashboard or by the bank. Test mode signs that event locally and
// feeds it through the same ingest as the webhook route.
import { createHash } from "node:crypto";
import { ingestWebhook } from "@/lib/billing/ingest";
import { getStripe, testModeWebhookSecret } from "@/lib/billing/stripe-client";
import { buildEvent, chargeObject, localId } from "@/lib/billing/test-objects";
import { signatureHeader } from "@/lib/billing/webhook-verify";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

export type RefundInput = {
  paymentId: string;
  /** Minor units; defaults to everything not yet refunded. */
  amountMinor?: bigint;
  idempotencyKey: string;
  actor: string;
  reason?: "duplicate" | "fraudulent" | "requested_by_customer";
};

export async function refundPayment(
  db: PrismaClient,
  input: RefundInput,
): Promise<{ refundId: string; amountMinor: bigint; status: string }> {
  if (!/^[A-Za-z0-9:_-]{8,200}$/.test(input.idempotencyKey)) {
    throw new AppError("bad_request", "A refund needs an idempotency key of 8-200 safe characters.");
  }
  // Without Stripe, refunds of one payment run one at a time: each local event states the charge's
  // cumulative amount refunded (as Stripe's does), which is only right if read after the last one
  // applied. Stripe serialises refunds on a charge itself. Test mode is one process (see docs/billing.md).
  if (!getStripe()) return serialized(input.paymentId, () => requestRefund(db, input));
  return requestRefund(db, input);
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task of the same key has settled (an in-process keyed queue). */
function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const tail = next.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}

async function requestRefund(
  db: PrismaClient,
  input: RefundInput,
): Promise<{ refundId: string; amountMinor: bigint; status: string }> {
  const payment = await db.payment.findUnique({ where: { id: input.paymentId } });
  if (!payment) throw new AppError("not_found", "No such payment.");
  if (!payment.paymentIntentId)
    throw new AppError("conflict", "This payment has no Stripe charge to refund.");
  const left = payment.amountMinor - payment.refundedMinor;
  const amount = input.amountMinor ?? left;
  if (amount <= 0n || amount > left) {
    throw new AppError("bad_request", `The refund must be between 1 and ${left} (minor units).`);
  }
  logger.info(
    { paymentId: payment.id, amountMinor: amount.toString(), actor: input.actor },
    "refund requested",
  );
  const stripe = getStripe();
  if (stripe) {
    const refund = await stripe.refunds.create(
      {
        payment_intent: payment.paymentIntentId,
        amount: Number(amount),
        reason: input.reason,
        metadata: { paymentId: payment.id, actor: input.actor },
      },
      { idempotencyKey: `ledgerchat-refund-${input.idempotencyKey}` },
    );
    return { refundId: refund.id, amountMinor: amount, status: refund.status ?? "pending" };
  }
  // Test mode: the same key yields the same event id, so a repeated call is a stored duplicate.
  const digest = createHash("sha256").update(input.idempotencyKey).digest("hex").slice(0, 24);
  const customer = await db.billingCustomer.findUnique({ where: { userId: payment.userId } });
  const charge = chargeObject({
    id: localId("ch"),
    customer: customer?.stripeCustomerId ?? null,
    paymentIntent: payment.paymentIntentId,
    amount: Number(payment.amountMinor),
    amountRefunded: Number(payment.refundedMinor + amount),
    currency: payment.currency,
  });
  const event = buildEvent(
    "charge.refunded",
    charge,
    Math.floor(Date.now() / 1000),
    `evt_test_local_refund_${digest}`,
  );
  const rawBody = JSON.stringify(event);
  await ingestWebhook(db, { rawBody, signature: signatureHeader(rawBody, testModeWebhookSecret()) });
  return { refundId: `re_test_local_${digest}`, amountMinor: amount, status: "succeeded" };
}
