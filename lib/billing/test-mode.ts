// The built-in test checkout (no STRIPE_SECRET_KEY): its Pay button produces the events Stripe
// would send for the session — signed with the local webhook secret and POSTed to the real webhook
// route, so test mode exercises exactly the production path from signature check to ledger.
import { isTestMode, planProduct, productForPriceId } from "@/lib/billing/catalog";
import { customerIdOf } from "@/lib/billing/customers";
import { isProductionDeployment, testModeWebhookSecret } from "@/lib/billing/stripe-client";
import type { StripeEventObject } from "@/lib/billing/test-objects";
import {
  addMonth,
  buildEvent,
  checkoutSessionObject,
  invoiceObject,
  localId,
  subscriptionObject,
  unix,
} from "@/lib/billing/test-objects";
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

/** The events Stripe would send, in its order, for paying a test session. */
export async function testCheckoutEvents(
  db: Db,
  input: { userId: string; sessionId: string; now?: Date },
): Promise<StripeEventObject[]> {
  const intent = await testCheckoutIntent(db, input);
  if (intent.status !== "pending") throw new AppError("conflict", "This checkout is already closed.");
  const now = input.now ?? new Date();
  if (intent.expiresAt <= now) throw new AppError("conflict", "This checkout has expired.");
  const customer = await customerIdOf(db, input.userId);
  if (!customer) throw new AppError("conflict", "No billing customer for this checkout.");
  const t = unix(now);
  const metadata = {
    intentId: intent.id,
    userId: input.userId,
    kind: intent.kind,
    productId: intent.productId,
  };
  const amount = Number(intent.expectedAmountMinor);
  if (intent.kind === "pack") {
    const session = checkoutSessionObject({
      id: input.sessionId,
      mode: "payment",
      customer,
      userId: input.userId,
      amountTotal: amount,
      currency: intent.currency,
      metadata,
      paymentIntent: localId("pi"),
      created: t,
    });
    return [buildEvent("checkout.session.completed", session, t)];
  }
  const plan = intent.productId === "max" ? "max" : "pro";
  const priceId = planProduct(plan).priceId ?? `price_test_${plan}`;
  const subscription = localId("sub");
  const subMetadata = { userId: input.userId, planId: plan };
  const periodEnd = unix(addMonth(now));
  const session = checkoutSessionObject({
    id: input.sessionId,
    mode: "subscription",
    customer,
    userId: input.userId,
    amountTotal: amount,
    currency: intent.currency,
    metadata,
    subscription,
    created: t,
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
    id: localId("in"),
    customer,
    subscription,
    subscriptionMetadata: subMetadata,
    lines: [{ priceId, amount, start: t, end: periodEnd }],
    billingReason: "subscription_create",
    status: "paid",
    currency: intent.currency,
    paymentIntent: localId("pi"),
    created: t,
  });
  return [
    buildEvent("customer.subscription.created", sub, t),
    buildEvent("invoice.paid", invoice, t),
    buildEvent("checkout.session.completed", session, t),
  ];
}

/** Events for a plan switch in test mode: the updated subscription and, with prorations, an invoice. */
export function testPlanSwitchEvents(input: {
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
}): StripeEventObject[] {
  const t = unix(input.now ?? new Date());
  const end = unix(input.periodEnd);
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
  const events = [buildEvent("customer.subscription.updated", sub, t)];
  if (env().PRORATION_BEHAVIOR !== "none" && input.fromPriceId) {
    const invoice = invoiceObject({
      id: localId("in"),
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
      paymentIntent: localId("pi"),
      created: t,
    });
    events.push(buildEvent("invoice.paid", invoice, t));
  }
  return events;
}

/** Signs each event with the local secret and POSTs it to the webhook route at origin, in order. */
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
    statuses.push(response.status);
  }
  if (statuses.some((s) => s >= 300))
    throw new AppError("internal", "The test webhook delivery was refused.");
  return statuses;
}
