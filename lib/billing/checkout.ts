// Starting a purchase. POST /api/billing/checkout → a Stripe Checkout session (subscription or
// one-time) with client_reference_id = user id and a local CheckoutIntent carrying the expected
// amount and PT. A second click while the intent is open returns the same session: the intent's
// openKey is unique per user and product, and the Stripe call's idempotency key is the intent id,
// so concurrent clicks converge on one session. A user already subscribed switches plans through
// Stripe's subscription update instead (proration behaviour from PRORATION_BEHAVIOR).
import type { PackId, PaidPlanId, Product } from "@/lib/billing/catalog";
import { billingCurrency, isTestMode, packProduct, planProduct } from "@/lib/billing/catalog";
import { ensureCustomer } from "@/lib/billing/customers";
import { switchPlan } from "@/lib/billing/plan-switch";
import { getStripe } from "@/lib/billing/stripe-client";
import { ENTITLING_STATUSES } from "@/lib/billing/stripe-objects";
import { assertTestModeAvailable, TEST_PAY_CLAIM_MS, testSessionId } from "@/lib/billing/test-mode";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

/** Stripe accepts 30 minutes to 24 hours; an hour keeps stale sessions from piling up. */
const SESSION_TTL_MS = 60 * 60 * 1000;
/** An intent this close to expiry is replaced rather than handed out again. */
const REUSE_MARGIN_MS = 5 * 60 * 1000;

export type CheckoutChoice = { planId: PaidPlanId } | { packId: PackId };
export type CheckoutResult = { url: string; reused: boolean; switched?: boolean };

/** A user allowed to pay: present, email verified, not frozen. */
export async function assertCanBuy(db: PrismaClient, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, status: true, emailVerifiedAt: true },
  });
  if (!user || user.status === "deleted") throw new AppError("unauthorized");
  if (user.status === "frozen")
    throw new AppError("account_frozen", "This account is frozen: purchases are disabled.");
  if (!user.emailVerifiedAt)
    throw new AppError("email_unverified", "Verify your email address before buying.");
  return user;
}

function productOf(choice: CheckoutChoice): Product {
  return "planId" in choice ? planProduct(choice.planId) : packProduct(choice.packId);
}

export async function startCheckout(
  db: PrismaClient,
  input: { userId: string; choice: CheckoutChoice; origin: string; now?: Date },
): Promise<CheckoutResult> {
  const now = input.now ?? new Date();
  const user = await assertCanBuy(db, input.userId);
  if (isTestMode()) assertTestModeAvailable();
  const product = productOf(input.choice);
  if (!product.priceId) throw new AppError("service_unavailable", `${product.name} is not on sale here.`);
  if (product.kind === "plan") {
    const current = await db.billingSubscription.findFirst({
      where: { userId: user.id, status: { in: [...ENTITLING_STATUSES] } },
      orderBy: { updatedAt: "desc" },
    });
    if (current) {
      // The switch is claimed once per subscription (see plan-switch.ts): of concurrent clicks one
      // switches and the others get 409, as does a click for the plan the user is already on.
      await switchPlan(db, {
        userId: user.id,
        subscriptionId: current.id,
        product,
        origin: input.origin,
        now,
      });
      return { url: `${input.origin}/billing/success?switched=${product.id}`, reused: false, switched: true };
    }
  }
  const customer = await ensureCustomer(db, { userId: user.id, email: user.email });
  const { intent, stale } = await openIntent(db, { userId: user.id, product, now });
  if (intent.url) return { url: intent.url, reused: true };
  const session = await createSession(input.origin, {
    intentId: intent.id,
    userId: user.id,
    customer,
    product,
    expiresAt: intent.expiresAt,
  });
  await db.checkoutIntent.update({
    where: { id: intent.id },
    data: { stripeSessionId: session.id, url: session.url },
  });
  await expireSessions(stale);
  return { url: session.url, reused: false };
}

/** The open intent for (user, product), or a new one; closes expired or conflicting ones. */
async function openIntent(db: PrismaClient, input: { userId: string; product: Product; now: Date }) {
  const { userId, product, now } = input;
  const currency = billingCurrency();
  const openKey = `${userId}:${product.kind}:${product.id}`;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`checkout-user:${userId}`}, 0))`;
    const existing = await tx.checkoutIntent.findUnique({ where: { openKey } });
    const reusable =
      existing &&
      existing.expiresAt.getTime() > now.getTime() + REUSE_MARGIN_MS &&
      existing.expectedAmountMinor === product.amountMinor &&
      existing.currency === currency;
    if (existing && reusable) return { intent: existing, stale: [] as string[] };
    // Only one subscription checkout may be open: paying two would start two subscriptions.
    const closing = await tx.checkoutIntent.findMany({
      where: {
        userId,
        status: "pending",
        OR: [{ openKey }, ...(product.kind === "plan" ? [{ kind: "plan" as const }] : [])],
      },
      select: { id: true, stripeSessionId: true },
    });
    if (closing.length > 0) {
      // A test-mode Pay holding its claim is mid-payment: closing its checkout now would let it
      // complete anyway and this one be paid too. The UPDATE re-checks the claim under the row lock.
      const { count } = await tx.checkoutIntent.updateMany({
        where: {
          id: { in: closing.map((c) => c.id) },
          OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - TEST_PAY_CLAIM_MS) } }],
        },
        data: { status: "expired", openKey: null },
      });
      if (count < closing.length)
        throw new AppError(
          "conflict",
          "A payment for your other checkout is in progress; try again shortly.",
        );
    }
    const intent = await tx.checkoutIntent.create({
      data: {
        userId,
        kind: product.kind,
        productId: product.id,
        openKey,
        expectedAmountMinor: product.amountMinor,
        currency,
        expectedPt: product.pt,
        expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      },
    });
    const stale = closing.map((c) => c.stripeSessionId).filter((id): id is string => Boolean(id));
    return { intent, stale };
  });
}

async function createSession(
  origin: string,
  input: { intentId: string; userId: string; customer: string; product: Product; expiresAt: Date },
): Promise<{ id: string; url: string }> {
  const stripe = getStripe();
  if (!stripe) {
    const id = testSessionId(input.intentId);
    return { id, url: `${origin}/billing/test-checkout/${id}` };
  }
  const { product } = input;
  const metadata = {
    intentId: input.intentId,
    userId: input.userId,
    kind: product.kind,
    productId: product.id,
  };
  const session = await stripe.checkout.sessions.create(
    {
      mode: product.kind === "plan" ? "subscription" : "payment",
      customer: input.customer,
      client_reference_id: input.userId,
      line_items: [{ price: product.priceId ?? "", quantity: 1 }],
      success_url: `${origin}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/billing/cancel?intent=${input.intentId}`,
      expires_at: Math.floor(input.expiresAt.getTime() / 1000),
      metadata,
      ...automaticTaxSessionParams(),
      ...(product.kind === "plan"
        ? {
            subscription_data: {
              metadata: { userId: input.userId, planId: product.id, intentId: input.intentId },
            },
          }
        : { payment_intent_data: { metadata } }),
    },
    { idempotencyKey: `ledgerchat-checkout-${input.intentId}` },
  );
  if (!session.url) throw new AppError("internal", "Stripe returned a session without a URL.");
  return { id: session.id, url: session.url };
}

/**
 * Stripe Tax on a Checkout session (users' and teams'): the address and tax id it needs are
 * collected on the checkout page and saved on the customer, so the subscription's later invoices
 * are taxed the same way.
 */
export function automaticTaxSessionParams() {
  return env().STRIPE_AUTOMATIC_TAX
    ? {
        automatic_tax: { enabled: true },
        billing_address_collection: "required" as const,
        tax_id_collection: { enabled: true },
        customer_update: { address: "auto" as const, name: "auto" as const },
      }
    : {};
}

/** Best effort: a replaced session should not stay payable. A failure is only logged. */
async function expireSessions(sessionIds: string[]): Promise<void> {
  const stripe = getStripe();
  if (!stripe) return;
  for (const id of sessionIds) {
    await stripe.checkout.sessions.expire(id).catch((error: unknown) => {
      logger.info({ err: error, sessionId: id }, "could not expire a replaced checkout session");
    });
  }
}
