// Event sequences for storms: a subscription's whole lifetime and a top-up's life, with ids tagged
// per run so many runs share one database and still compare equal after canonicalization.
import type { StripeEventObject } from "@/lib/billing/test-objects";
import {
  addMonth,
  buildEvent,
  chargeObject,
  checkoutSessionObject,
  disputeObject,
  invoiceObject,
  subscriptionObject,
  unix,
} from "@/lib/billing/test-objects";

export const PRO_PRICE = "price_test_pro";

export type Lifetime = { events: StripeEventObject[]; periods: Date[]; subscriptionId: string };

/** Subscribe to Pro, renew once, fail the third payment, get canceled by Stripe. */
export function subscriptionLifetime(
  tag: string,
  input: { userId: string; customer: string; start: Date },
): Lifetime {
  const p0 = input.start;
  const p1 = addMonth(p0);
  const p2 = addMonth(p1);
  const p3 = addMonth(p2);
  const sub = `sub_${tag}`;
  const meta = { userId: input.userId, planId: "pro" };
  const subAt = (status: string, end: Date) =>
    subscriptionObject({
      id: sub,
      customer: input.customer,
      priceId: PRO_PRICE,
      itemId: `si_${tag}`,
      status,
      periodStart: unix(p0),
      periodEnd: unix(end),
      created: unix(p0),
      metadata: meta,
    });
  const invoice = (
    n: number,
    from: Date,
    to: Date,
    reason: string,
    status: "paid" | "open",
    created: number,
  ) =>
    invoiceObject({
      id: `in_${tag}_${n}`,
      customer: input.customer,
      subscription: sub,
      subscriptionMetadata: meta,
      lines: [{ priceId: PRO_PRICE, amount: 2000, start: unix(from), end: unix(to) }],
      billingReason: reason,
      status,
      currency: "usd",
      paymentIntent: `pi_${tag}_${n}`,
      attemptCount: status === "open" ? 1 : 0,
      created,
    });
  const session = checkoutSessionObject({
    id: `cs_${tag}`,
    mode: "subscription",
    customer: input.customer,
    userId: input.userId,
    amountTotal: 2000,
    currency: "usd",
    metadata: { userId: input.userId, kind: "plan", productId: "pro" },
    subscription: sub,
    created: unix(p0),
  });
  const ev = (n: number, type: string, object: Parameters<typeof buildEvent>[1], created: number) =>
    buildEvent(type, object, created, `evt_${tag}_${n}`);
  const events = [
    ev(1, "customer.subscription.created", subAt("active", p1), unix(p0)),
    ev(2, "checkout.session.completed", session, unix(p0) + 1),
    ev(3, "invoice.paid", invoice(1, p0, p1, "subscription_create", "paid", unix(p0) + 2), unix(p0) + 2),
    ev(4, "invoice.paid", invoice(2, p1, p2, "subscription_cycle", "paid", unix(p1)), unix(p1)),
    ev(5, "customer.subscription.updated", subAt("active", p2), unix(p1) + 1),
    ev(6, "invoice.payment_failed", invoice(3, p2, p3, "subscription_cycle", "open", unix(p2)), unix(p2)),
    ev(7, "customer.subscription.updated", subAt("past_due", p3), unix(p2) + 1),
    ev(8, "customer.subscription.deleted", subAt("canceled", p3), unix(p2) + 3 * 86_400),
  ];
  return { events, periods: [p0, p1, p2, p3], subscriptionId: sub };
}

/** A paid top-up, a partial then a full refund of its charge. */
export function topupLife(
  tag: string,
  input: { userId: string; customer: string; intentId: string; amount: number; at: Date },
): {
  completed: StripeEventObject;
  refunds: StripeEventObject[];
  disputeCreated: StripeEventObject;
  disputeClosed: (status: "won" | "lost") => StripeEventObject;
  paymentIntent: string;
} {
  const t = unix(input.at);
  const paymentIntent = `pi_${tag}`;
  const session = checkoutSessionObject({
    id: `cs_${tag}`,
    mode: "payment",
    customer: input.customer,
    userId: input.userId,
    amountTotal: input.amount,
    currency: "usd",
    metadata: { intentId: input.intentId, userId: input.userId, kind: "pack", productId: "small" },
    paymentIntent,
    created: t,
  });
  const charge = (refunded: number) =>
    chargeObject({
      id: `ch_${tag}`,
      customer: input.customer,
      paymentIntent,
      amount: input.amount,
      amountRefunded: refunded,
      currency: "usd",
    });
  const dispute = (status: string) =>
    disputeObject({
      id: `dp_${tag}`,
      charge: `ch_${tag}`,
      paymentIntent,
      amount: input.amount,
      currency: "usd",
      status,
    });
  return {
    completed: buildEvent("checkout.session.completed", session, t, `evt_${tag}_paid`),
    refunds: [
      buildEvent("charge.refunded", charge(input.amount / 2), t + 60, `evt_${tag}_refund_half`),
      buildEvent("charge.refunded", charge(input.amount), t + 120, `evt_${tag}_refund_full`),
    ],
    disputeCreated: buildEvent(
      "charge.dispute.created",
      dispute("needs_response"),
      t + 60,
      `evt_${tag}_dp_open`,
    ),
    disputeClosed: (status) =>
      buildEvent("charge.dispute.closed", dispute(status), t + 600, `evt_${tag}_dp_${status}`),
    paymentIntent,
  };
}
