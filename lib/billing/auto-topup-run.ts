// The auto-topup job: runs the charges queued by settlements (auto-topup-sql.ts), off the request
// path. Each is claimed with a lease (FOR UPDATE SKIP LOCKED, so parallel runs never take one twice)
// and charged off-session for its pack — Stripe: a PaymentIntent with off_session and confirm and an
// idempotency key derived from the charge, itself unique per crossing, so a retried run can never
// charge twice; test mode: the payment_intent.succeeded event Stripe would send, signed and POSTed to
// the real webhook route, like the test checkout. The PT are credited only by that webhook
// (events/payment-intent-succeeded.ts). A declined charge (or one needing authentication) turns auto
// top-up off, with an email and an in-app notice; Stripe unreachable is retried with backoff.
import Stripe from "stripe";
import { appUrl, isProductionDeployment } from "@/lib/app-url";
import { billingCurrency, isPackId, isTestMode, packProduct } from "@/lib/billing/catalog";
import { customerIdOf } from "@/lib/billing/customers";
import { AUTO_TOPUP_KIND } from "@/lib/billing/events/payment-intent-succeeded";
import { getStripe, isStripeUnavailable } from "@/lib/billing/stripe-client";
import { deliverTestEvents } from "@/lib/billing/test-mode";
import { buildEvent, unix } from "@/lib/billing/test-objects";
import type { Db } from "@/lib/db";
import { kickOutbox } from "@/lib/email/kick";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { savedCard } from "./auto-topup";
import { recordChargeFailure, recordChargeSubmitted } from "./auto-topup-notify";

export const AUTO_TOPUP_LEASE_MS = 5 * 60_000;
export const AUTO_TOPUP_MAX_ATTEMPTS = 5;

type Claimed = { id: string; userId: string; accountId: string; pack: string; attempts: number };
type Outcome = { ok: true; paymentIntentId: string } | { ok: false; reason: string; retry: boolean };

export type RunResult = { charged: number; failed: number; retried: number };

export async function runAutoTopUps(
  db: PrismaClient,
  options: { now?: Date; limit?: number; origin?: string } = {},
): Promise<RunResult> {
  const now = options.now ?? new Date();
  const lease = new Date(now.getTime() + AUTO_TOPUP_LEASE_MS);
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE "AutoTopUpCharge" c SET attempts = c.attempts + 1, "nextAttemptAt" = ${lease}, "updatedAt" = ${now}
    WHERE c.id IN (SELECT id FROM "AutoTopUpCharge" WHERE status = 'queued' AND "nextAttemptAt" <= ${now}
                   ORDER BY "nextAttemptAt" LIMIT ${options.limit ?? 20} FOR UPDATE SKIP LOCKED)
    RETURNING c.id::text AS id, c."userId"::text AS "userId", c."accountId"::text AS "accountId", c.pack, c.attempts`;
  const result: RunResult = { charged: 0, failed: 0, retried: 0 };
  for (const charge of claimed) {
    const outcome = await chargeOnce(db, charge, now, options.origin ?? appUrl());
    if (outcome.ok) {
      result.charged++;
      await chargeSubmitted(db, charge, outcome.paymentIntentId);
    } else if (outcome.retry && charge.attempts < AUTO_TOPUP_MAX_ATTEMPTS) {
      result.retried++;
      const wait = 60_000 * 2 ** (charge.attempts - 1);
      await db.autoTopUpCharge.updateMany({
        where: { id: charge.id, status: "queued" },
        data: { nextAttemptAt: new Date(now.getTime() + wait), error: outcome.reason },
      });
    } else {
      result.failed++;
      await chargeFailed(db, charge, outcome.reason);
    }
  }
  if (claimed.length) kickOutbox(db);
  return result;
}

async function chargeOnce(db: Db, charge: Claimed, now: Date, origin: string): Promise<Outcome> {
  const settings = await db.autoTopUp.findUnique({ where: { accountId: charge.accountId } });
  if (!settings?.enabled) return { ok: false, reason: "Auto top-up was turned off.", retry: false };
  if (!isPackId(charge.pack)) return { ok: false, reason: "Unknown pack.", retry: false };
  const pack = packProduct(charge.pack);
  // A team's charge is on the team's own customer (its metadata names the team, not the member).
  const customer = settings.teamId
    ? ((await db.team.findUnique({ where: { id: settings.teamId }, select: { stripeCustomerId: true } }))
        ?.stripeCustomerId ?? null)
    : await customerIdOf(db, charge.userId);
  if (!customer) return { ok: false, reason: "No saved card.", retry: false };
  const metadata: Record<string, string> = settings.teamId
    ? { kind: AUTO_TOPUP_KIND, chargeId: charge.id, teamId: settings.teamId, pack: charge.pack }
    : { kind: AUTO_TOPUP_KIND, chargeId: charge.id, userId: charge.userId, pack: charge.pack };
  const stripe = getStripe();
  if (!stripe) {
    // Test mode only where the test checkout is allowed: never on a production deployment.
    if (!isTestMode() || isProductionDeployment())
      return { ok: false, reason: "Payments are not configured.", retry: false };
    // Test mode: the event Stripe would send for the charge; ids derive from it, so a retry re-sends it.
    const id = `pi_test_local_auto_${charge.id.replaceAll("-", "")}`;
    const object = {
      id,
      object: "payment_intent",
      amount: Number(pack.amountMinor),
      amount_received: Number(pack.amountMinor),
      currency: billingCurrency(),
      customer,
      status: "succeeded",
      off_session: true,
      metadata,
      created: unix(now),
    };
    try {
      await deliverTestEvents(origin, [
        buildEvent(
          "payment_intent.succeeded",
          object,
          unix(now),
          `evt_test_local_auto_${charge.id.replaceAll("-", "")}`,
        ),
      ]);
      return { ok: true, paymentIntentId: id };
    } catch (error) {
      logger.warn({ err: error, chargeId: charge.id }, "auto top-up: test-mode delivery failed");
      return { ok: false, reason: "The payment could not be delivered.", retry: true };
    }
  }
  try {
    const card = await savedCard(customer);
    if (!card) return { ok: false, reason: "No saved card.", retry: false };
    const intent = await stripe.paymentIntents.create(
      {
        amount: Number(pack.amountMinor),
        currency: billingCurrency(),
        customer,
        payment_method: card,
        off_session: true,
        confirm: true,
        description: `Auto top-up: ${pack.name}`,
        metadata,
      },
      { idempotencyKey: `ledgerchat-autotopup-${charge.id}` },
    );
    if (intent.status === "succeeded" || intent.status === "processing") {
      return { ok: true, paymentIntentId: intent.id };
    }
    return { ok: false, reason: `The payment needs your action (${intent.status}).`, retry: false };
  } catch (error) {
    if (isStripeUnavailable(error)) return { ok: false, reason: "Stripe was unreachable.", retry: true };
    if (error instanceof Stripe.errors.StripeCardError) {
      const reason =
        error.code === "authentication_required"
          ? "Your bank asks you to confirm this payment, which cannot happen while you are away."
          : (error.message ?? "Your card was declined.");
      return { ok: false, reason, retry: false };
    }
    logger.error({ err: error, chargeId: charge.id }, "auto top-up: charge failed");
    return { ok: false, reason: "The charge was refused.", retry: false };
  }
}

async function chargeSubmitted(db: PrismaClient, charge: Claimed, paymentIntentId: string): Promise<void> {
  await db.$transaction((tx) => recordChargeSubmitted(tx, charge, paymentIntentId));
}

async function chargeFailed(db: PrismaClient, charge: Claimed, reason: string): Promise<void> {
  await db.$transaction((tx) => recordChargeFailure(tx, charge, reason));
}
