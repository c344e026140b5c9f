// The built-in test checkout (no STRIPE_SECRET_KEY): its Pay button produces the events Stripe
// would send for the session — signed with the local webhook secret and POSTed to the real webhook
// route, so test mode exercises exactly the production path from signature check to ledger.
import { isProductionDeployment } from "@/lib/app-url";
import { isTestMode, planProduct, productForPriceId } from "@/lib/billing/catalog";
import { customerIdOf } from "@/lib/billing/customers";
import { testModeWebhookSecret } from "@/lib/billing/stripe-client";
import { automaticTaxEnabled } from "@/lib/billing/tax";
import { teamCheckoutEvents } from "@/lib/billing/team-test-events";
import type { StripeEventObject, TestBuyer, TestTax } from "@/lib/billing/test-objects";
import {
  addMonth,
  buildEvent,
  checkoutSessionObject,
  invoiceObject,
  subscriptionObject,
  unix,
} from "@/lib/billing/test-objects";
import { testTax } from "@/lib/billing/test-tax";
import { signatureHeader } from "@/lib/billing/webhook-verify";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export const TEST_WEBHOOK_PATH = "/api/stripe/webhook";

export function assertTestModeAvailable(): void {
  if (!isTestMode()) throw new AppError("not_found", "Test checkout is off: Stripe is configured.");
  if (isProductionDeployment()) {
    throw new AppError("service_unavailable", "Payments are not configured (set STRIPE_SECRET_KEY).");
  }
}

export function testSessionId(intentId: string): string {
  return `cs_test_local_${intentId.replaceAll("-", "")}`;
}

/** The intent behind a test checkout page, only for its owner. */
export async function testCheckoutIntent(db: Db, input: { userId: string; sessionId: string }) {
  assertTestModeAvailable();
  const intent = await db.checkoutIntent.findFirst({
    where: { userId: input.userId, stripeSessionId: input.sessionId },
  });
  if (!intent) throw new AppError("not_found", "No such checkout session.");
  return intent;
}

/** A claim older than this was left by a crash mid-delivery: another Pay click may take it over. */
export const TEST_PAY_CLAIM_MS = 2 * 60 * 1000;

/**
 * Pay (test mode): claims the pending checkout with one conditional UPDATE, so of several clicks at
 * once exactly one pays and the others get 409; then delivers the events Stripe would send to the
 * webhook route at origin. Every id in those events derives from the intent, so a retry after a
 * failed delivery (the claim is released) re-sends the same events and cannot mint a second effect.
 */
export async function payTestCheckout(
  db: Db,
  input: { userId: string; sessionId: string; origin: string; now?: Date; billing?: TestBuyer },
): Promise<number[]> {
  assertTestModeAvailable();
  const now = input.now ?? new Date();
  // Before the claim: a checkout that needs an address and has none stays payable.
  const tax = await testCheckoutTax(db, input);
  const [intent] = await db.checkoutIntent.updateManyAndReturn({
    where: {
      userId: input.userId,
      stripeSessionId: input.sessionId,
      status: "pending",
      expiresAt: { gt: now },
      OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - TEST_PAY_CLAIM_MS) } }],
    },
    data: { claimedAt: now },
  });
  if (!intent) {
    const current = await testCheckoutIntent(db, input);
    if (current.status === "pending" && current.expiresAt <= now)
      throw new AppError("conflict", "This checkout has expired.");
    throw new AppError("conflict", "This checkout is already closed.");
  }
  try {
    const customer = intent.teamId
      ? (await db.team.findUnique({ where: { id: intent.teamId }, select: { stripeCustomerId: true } }))
          ?.stripeCustomerId
      : await customerIdOf(db, input.userId);
    if (!customer) throw new AppError("conflict", "No billing customer for this checkout.");
    return await deliverTestEvents(input.origin, testCheckoutEvents({ intent, customer, now, tax }));
  } catch (error) {
    await db.checkoutIntent.updateMany({
      where: { id: intent.id, claimedAt: now },
      data: { claimedAt: null },
    });
    throw error;
  }
}

type ClaimedIntent = {
  id: string;
  userId: string;
  kind: "plan" | "pack";
  productId: string;
  stripeSessionId: string | null;
  expectedAmountMinor: bigint;
  currency: string;
  teamId?: string | null;
  quantity?: number;
};

/** The demo tax of a test checkout (undefined when tax is off; 422 without an address when on). */
async function testCheckoutTax(db: Db, input: { userId: string; sessionId: string; billing?: TestBuyer }) {
  if (!automaticTaxEnabled()) return undefined;
  const intent = await testCheckoutIntent(db, input);
  return testTax(intent.expectedAmountMinor, input.billing);
}

/** The events Stripe would send, in its order, for paying a test session; ids derive from the intent. */
export function testCheckoutEvents(input: {
  intent: ClaimedIntent;
  customer: string;
  now: Date;
  tax?: TestTax;
}): StripeEventObject[] {
  const { intent, customer, tax } = input;
  const sessionId = intent.stripeSessionId ?? testSessionId(intent.id);
  if (intent.teamId)
    return teamCheckoutEvents({
      intent: { ...intent, teamId: intent.teamId, quantity: intent.quantity ?? 1 },
      sessionId,
      customer,
      now: input.now,
      tax,
    });
  const ids = derivedIds(intent.id);
  const t = unix(input.now);
  const metadata = {
    intentId: intent.id,
    userId: intent.userId,
    kind: intent.kind,
    productId: intent.productId,
  };
  const amount = Number(intent.expectedAmountMinor);
  const total = amount + (tax?.amount ?? 0);
  if (intent.kind === "pack") {
    const session = checkoutSessionObject({
      id: sessionId,
      mode: "payment",
      customer,
      userId: intent.userId,
      amountTotal: total,
      currency: intent.currency,
      metadata,
      paymentIntent: ids.paymentIntent,
      created: t,
      tax,
    });
    return [buildEvent("checkout.session.completed", session, t, ids.event("completed"))];
  }
  const plan = intent.productId === "max" ? "max" : "pro";
  const priceId = planProduct(plan).priceId ?? `price_test_${plan}`;
  const subscription = ids.subscription;
  const subMetadata = { userId: intent.userId, planId: plan };
  const periodEnd = unix(addMonth(input.now));
  const session = checkoutSessionObject({
    id: sessionId,
    mode: "subscription",
    customer,
    userId: intent.userId,
    amountTotal: total,
    currency: intent.currency,
    metadata,
    subscription,
    created: t,
    tax,
  });
  const sub = subscriptionObject({
    id: subscription,
    customer,
    priceId,
    status: "active",
    periodStart: t,
    periodEnd,
    created: t,
    metadata: subMetadata,
  });
  const invoice = invoiceObject({
    id: ids.invoice,
    customer,
    subscription,
    subscriptionMetadata: subMetadata,
    lines: [{ priceId, amount, start: t, end: periodEnd }],
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

/** Stripe-shaped ids derived from a claim (an intent or a plan switch): the same claim, the same ids. */
function derivedIds(claimId: string) {
  const hex = claimId.replaceAll("-", "").toLowerCase();
  return {
    subscription: `sub_test_local_${hex}`,
    invoice: `in_test_local_${hex}`,
    paymentIntent: `pi_test_local_${hex}`,
    event: (name: string) => `evt_test_local_${hex}_${name}`,
  };
}

/**
 * Events for a plan switch in test mode: the updated subscription and, with prorations, an invoice.
 * Their ids derive from the switch's claim, so clicks that joined one switch send the same events.
 */
export function testPlanSwitchEvents(input: {
  claimId: string;
  subscriptionId: string;
  customer: string;
  userId: string;
  fromPriceId: string | null;
  toPriceId: string;
  amountMinor: number;
  fromAmountMinor: number;
  periodEnd: Date;
  currency: string;
  now?: Date;
  /** The buyer saved from their last checkout: the proration invoice is taxed like Stripe's. */
  buyer?: TestBuyer | null;
}): StripeEventObject[] {
  const t = unix(input.now ?? new Date());
  const end = unix(input.periodEnd);
  const ids = derivedIds(input.claimId);
  const plan = productForPriceId(input.toPriceId);
  const metadata = { userId: input.userId, planId: plan?.id ?? "" };
  const sub = subscriptionObject({
    id: input.subscriptionId,
    customer: input.customer,
    priceId: input.toPriceId,
    status: "active",
    periodStart: t,
    periodEnd: end,
    created: t,
    metadata,
  });
  const events = [buildEvent("customer.subscription.updated", sub, t, ids.event("subscription_updated"))];
  if (env().PRORATION_BEHAVIOR !== "none" && input.fromPriceId) {
    const invoice = invoiceObject({
      id: ids.invoice,
      customer: input.customer,
      subscription: input.subscriptionId,
      subscriptionMetadata: metadata,
      lines: [
        { priceId: input.fromPriceId, amount: -input.fromAmountMinor, start: t, end },
        { priceId: input.toPriceId, amount: input.amountMinor, start: t, end },
      ],
      billingReason: "subscription_update",
      status: "paid",
      currency: input.currency,
      paymentIntent: ids.paymentIntent,
      created: t,
      tax: input.buyer ? testTax(BigInt(input.amountMinor - input.fromAmountMinor), input.buyer) : undefined,
    });
    events.push(buildEvent("invoice.paid", invoice, t, ids.event("invoice_paid")));
  }
  return events;
}

/**
 * Signs each event with the local secret and POSTs it to the webhook route at origin, in order,
 * stopping at the first refusal (a later event may depend on an earlier one, as with Stripe).
 */
export async function deliverTestEvents(origin: string, events: StripeEventObject[]): Promise<number[]> {
  const secret = testModeWebhookSecret();
  const statuses: number[] = [];
  for (const event of events) {
    const payload = JSON.stringify(event);
    const response = await fetch(new URL(TEST_WEBHOOK_PATH, origin), {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signatureHeader(payload, secret) },
      body: payload,
      signal: AbortSignal.timeout(20_000),
    });
    await response.body?.cancel();
    if (response.status >= 300) throw new AppError("internal", "The test webhook delivery was refused.");
    statuses.push(response.status);
  }
  return statuses;
}
