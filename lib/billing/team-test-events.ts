// Test mode for team purchases: the events Stripe would send for a team's checkout (the seat
// subscription with quantity = seats, its first invoice, the session; or a top-up session) and for
// a seat change (the updated subscription and, for an increase, its prorated invoice). Every id
// derives from the claim (the checkout intent or the TeamSeatChange), so a retry re-sends the same
// events and cannot mint a second subscription, payment or grant.

import { TEST_TEAM_SEAT_PRICE_ID } from "@/lib/billing/team-catalog";
import type { StripeEventObject, TestTax } from "@/lib/billing/test-objects";
import {
  addMonth,
  buildEvent,
  checkoutSessionObject,
  invoiceObject,
  subscriptionObject,
  unix,
} from "@/lib/billing/test-objects";
import { roundHalfEven } from "@/lib/money/rounding";

export function teamDerivedIds(claimId: string) {
  const hex = claimId.replaceAll("-", "").toLowerCase();
  return {
    subscription: `sub_test_local_${hex}`,
    invoice: `in_test_local_${hex}`,
    paymentIntent: `pi_test_local_${hex}`,
    event: (name: string) => `evt_test_local_${hex}_${name}`,
  };
}

type TeamIntent = {
  id: string;
  userId: string;
  teamId: string;
  kind: "plan" | "pack";
  productId: string;
  quantity: number;
  stripeSessionId: string | null;
  expectedAmountMinor: bigint;
  currency: string;
};

export function teamCheckoutEvents(input: {
  intent: TeamIntent;
  sessionId: string;
  customer: string;
  now: Date;
  tax?: TestTax;
}): StripeEventObject[] {
  const { intent, customer, tax } = input;
  const ids = teamDerivedIds(intent.id);
  const t = unix(input.now);
  const metadata = {
    intentId: intent.id,
    teamId: intent.teamId,
    buyerId: intent.userId,
    kind: intent.kind,
    productId: intent.productId,
  };
  const amount = Number(intent.expectedAmountMinor);
  const total = amount + (tax?.amount ?? 0);
  const session = checkoutSessionObject({
    id: input.sessionId,
    mode: intent.kind === "pack" ? "payment" : "subscription",
    customer,
    userId: intent.teamId,
    amountTotal: total,
    currency: intent.currency,
    metadata,
    paymentIntent: intent.kind === "pack" ? ids.paymentIntent : null,
    subscription: intent.kind === "plan" ? ids.subscription : null,
    created: t,
    tax,
  });
  if (intent.kind === "pack")
    return [buildEvent("checkout.session.completed", session, t, ids.event("completed"))];
  const subMetadata = { teamId: intent.teamId, buyerId: intent.userId, planId: "team" };
  const periodEnd = unix(addMonth(input.now));
  const sub = subscriptionObject({
    id: ids.subscription,
    customer,
    priceId: TEST_TEAM_SEAT_PRICE_ID,
    status: "active",
    periodStart: t,
    periodEnd,
    created: t,
    metadata: subMetadata,
    quantity: intent.quantity,
  });
  const invoice = invoiceObject({
    id: ids.invoice,
    customer,
    subscription: ids.subscription,
    subscriptionMetadata: subMetadata,
    lines: [
      { priceId: TEST_TEAM_SEAT_PRICE_ID, amount, start: t, end: periodEnd, quantity: intent.quantity },
    ],
    billingReason: "subscription_create",
    status: "paid",
    currency: intent.currency,
    paymentIntent: ids.paymentIntent,
    created: t,
    tax,
  });
  return [
    buildEvent("customer.subscription.created", sub, t, ids.event("subscription_created")),
    buildEvent("invoice.paid", invoice, t, ids.event("invoice_paid")),
    buildEvent("checkout.session.completed", session, t, ids.event("completed")),
  ];
}

/**
 * A seat change: the subscription with its new quantity and, for an increase, the invoice Stripe
 * would issue at once for the rest of the period — the unused time on the old seats credited and
 * the remaining time on the new seats charged, each prorated (half-even) by the time left.
 */
export function teamSeatChangeEvents(input: {
  claimId: string;
  teamId: string;
  buyerId: string;
  subscriptionId: string;
  customer: string;
  itemId: string | null;
  fromSeats: number;
  toSeats: number;
  seatPriceMinor: bigint;
  periodStart: Date;
  periodEnd: Date;
  currency: string;
  now: Date;
  /** PRORATION_BEHAVIOR is not "none": an increase is invoiced at once. */
  prorate: boolean;
}): StripeEventObject[] {
  const t = unix(input.now);
  const end = unix(input.periodEnd);
  const ids = teamDerivedIds(input.claimId);
  const metadata = { teamId: input.teamId, buyerId: input.buyerId, planId: "team" };
  const sub = subscriptionObject({
    id: input.subscriptionId,
    customer: input.customer,
    priceId: TEST_TEAM_SEAT_PRICE_ID,
    itemId: input.itemId ?? undefined,
    status: "active",
    periodStart: unix(input.periodStart),
    periodEnd: end,
    created: t,
    metadata,
    quantity: input.toSeats,
  });
  const events = [buildEvent("customer.subscription.updated", sub, t, ids.event("subscription_updated"))];
  if (input.toSeats <= input.fromSeats || !input.prorate) return events;
  const total = BigInt(Math.max(1, end - unix(input.periodStart)));
  const left = BigInt(Math.max(0, end - t));
  const prorate = (seats: number) =>
    Number(roundHalfEven(input.seatPriceMinor * BigInt(seats) * left, total));
  const invoice = invoiceObject({
    id: ids.invoice,
    customer: input.customer,
    subscription: input.subscriptionId,
    subscriptionMetadata: metadata,
    lines: [
      {
        priceId: TEST_TEAM_SEAT_PRICE_ID,
        amount: -prorate(input.fromSeats),
        start: t,
        end,
        quantity: input.fromSeats,
      },
      {
        priceId: TEST_TEAM_SEAT_PRICE_ID,
        amount: prorate(input.toSeats),
        start: t,
        end,
        quantity: input.toSeats,
      },
    ],
    billingReason: "subscription_update",
    status: "paid",
    currency: input.currency,
    paymentIntent: ids.paymentIntent,
    created: t,
  });
  events.push(buildEvent("invoice.paid", invoice, t, ids.event("invoice_paid")));
  return events;
}
