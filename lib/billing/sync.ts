// Payment recovery. "I paid but have no PT": re-read the user's recent checkout sessions, paid
// invoices and subscriptions from Stripe and run the same idempotent effects the webhooks run —
// whatever was missing is applied, the rest is a no-op. The cron job does the same for every
// recent completed session. In test mode (no Stripe) both retry the stored events instead.
import type Stripe from "stripe";
import { customerIdOf } from "@/lib/billing/customers";
import { runEffect } from "@/lib/billing/event-store";
import { handlerFor } from "@/lib/billing/events/registry";
import { runWebhookRetries } from "@/lib/billing/retry-worker";
import { getStripe } from "@/lib/billing/stripe-client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

const LOOKBACK_SECONDS = 30 * 24 * 60 * 60;

export type SyncResult = { mode: "stripe" | "test"; checked: number; applied: number };

/** Runs the webhook handler of `type` on `object` idempotently; true when it applied something new. */
export async function applyStripeObject(
  db: PrismaClient,
  type: string,
  object: { id: string },
  now: Date,
): Promise<boolean> {
  const handler = handlerFor(type);
  if (!handler) return false;
  const effect = await runEffect(db, handler, {
    eventId: `sync:${object.id}`,
    type,
    created: Math.floor(now.getTime() / 1000),
    object,
    now,
  });
  return effect.status === "applied" && effect.note === undefined;
}

async function retryStored(db: PrismaClient, now: Date, customer: string | null): Promise<SyncResult> {
  // Make this customer's (or everyone's) failed events due now, then run them.
  await db.$executeRaw`
    UPDATE "StripeEvent" SET "nextAttemptAt" = ${now}
    WHERE status = 'failed' AND (${customer}::text IS NULL OR payload->'data'->'object'->>'customer' = ${customer})`;
  const run = await runWebhookRetries(db, { now });
  return { mode: "test", checked: run.due, applied: run.applied };
}

export async function syncUser(db: PrismaClient, input: { userId: string; now?: Date }): Promise<SyncResult> {
  const now = input.now ?? new Date();
  const customer = await customerIdOf(db, input.userId);
  const stripe = getStripe();
  if (!stripe) return customer ? retryStored(db, now, customer) : { mode: "test", checked: 0, applied: 0 };
  if (!customer) return { mode: "stripe", checked: 0, applied: 0 };
  const since = Math.floor(now.getTime() / 1000) - LOOKBACK_SECONDS;
  const [sessions, invoices, subscriptions] = await Promise.all([
    stripe.checkout.sessions.list({ customer, created: { gte: since }, limit: 20 }),
    stripe.invoices.list({ customer, status: "paid", created: { gte: since }, limit: 20 }),
    stripe.subscriptions.list({ customer, status: "all", limit: 10 }),
  ]);
  let checked = 0;
  let applied = 0;
  for (const session of sessions.data) {
    if (session.status !== "complete") continue;
    checked++;
    if (await applyStripeObject(db, "checkout.session.completed", session, now)) applied++;
  }
  for (const invoice of invoices.data) {
    checked++;
    if (await applyStripeObject(db, "invoice.paid", invoice, now)) applied++;
  }
  for (const subscription of subscriptions.data) {
    checked++;
    await applyStripeObject(db, "customer.subscription.updated", subscription, now);
  }
  return { mode: "stripe", checked, applied };
}

/** Cron: every completed session of the last `lookbackHours`, plus closing expired intents. */
export async function syncRecentCheckouts(
  db: PrismaClient,
  options: { now?: Date; lookbackHours?: number; max?: number } = {},
): Promise<SyncResult & { expiredIntents: number }> {
  const now = options.now ?? new Date();
  const { count: expiredIntents } = await db.checkoutIntent.updateMany({
    where: { status: "pending", expiresAt: { lt: now } },
    data: { status: "expired", openKey: null },
  });
  const stripe = getStripe();
  if (!stripe) return { ...(await retryStored(db, now, null)), expiredIntents };
  const since = Math.floor(now.getTime() / 1000) - (options.lookbackHours ?? 72) * 3600;
  let checked = 0;
  let applied = 0;
  const max = options.max ?? 500;
  for await (const session of stripe.checkout.sessions.list({
    created: { gte: since },
    status: "complete",
    limit: 100,
  })) {
    if (checked >= max) break;
    checked++;
    try {
      if (await applyStripeObject(db, "checkout.session.completed", session as Stripe.Checkout.Session, now))
        applied++;
    } catch (error) {
      logger.warn({ err: error, sessionId: session.id }, "sync could not apply a checkout session");
    }
  }
  return { mode: "stripe", checked, applied, expiredIntents };
}
