// Switching an existing subscription to another plan: Stripe's subscription update with the
// configured proration behaviour (an upgrade mid-period is invoiced at once and its allowance
// increase granted by invoice.paid; with "none" the new allowance starts at the next renewal).
//
// Concurrent clicks never double charge: the switch is first claimed as a PlanSwitch row under the
// subscription's row lock (one unfinished switch per subscription, unique openKey). Only the click
// holding the claim's lease calls Stripe (idempotency key = claim id) or, in test mode, sends
// events whose ids derive from the claim id; the others get 409. A switch that failed part-way
// keeps its claim and id, so a retry resumes it and re-sends the same request or events.
import type { PaidPlanId, Product } from "@/lib/billing/catalog";
import { billingCurrency, planProduct } from "@/lib/billing/catalog";
import { seconds } from "@/lib/billing/events/types";
import { getStripe } from "@/lib/billing/stripe-client";
import { Subscription } from "@/lib/billing/stripe-objects";
import { convergeSubscription } from "@/lib/billing/subscriptions";
import { automaticTaxEnabled } from "@/lib/billing/tax";
import { deliverTestEvents, testPlanSwitchEvents } from "@/lib/billing/test-mode";
import { savedTestBuyer } from "@/lib/billing/test-tax";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** A claim whose click has not finished in this long is taken to have crashed: it may be resumed. */
const LEASE_MS = 2 * 60 * 1000;

type PlanName = "free" | "pro" | "max";
type Row = {
  id: string;
  stripeCustomerId: string;
  plan: PlanName;
  priceId: string | null;
  itemId: string | null;
  version: bigint;
  currentPeriodEnd: Date | null;
};
type Claim = { id: string; fromPlan: PlanName; row: Row };

export async function switchPlan(
  db: PrismaClient,
  input: { userId: string; subscriptionId: string; product: Product; origin: string; now: Date },
): Promise<void> {
  const { product, now } = input;
  if (product.kind !== "plan" || !product.priceId) throw new AppError("bad_request", "Not a plan.");
  const claim = await claimSwitch(db, { ...input, toPlan: product.id });
  try {
    await carryOut(db, { ...input, claim, toPriceId: product.priceId });
  } catch (error) {
    // Keep the claim (and its ids) for a retry, but let the next click take it at once.
    await db.planSwitch.updateMany({ where: { id: claim.id, claimedAt: now }, data: { claimedAt: null } });
    throw error;
  }
  // Closed only once the subscription shows the new plan; until then a retry resumes this claim.
  const done = await db.billingSubscription.count({ where: { id: claim.row.id, plan: product.id } });
  await db.planSwitch.updateMany({
    where: { id: claim.id, claimedAt: now },
    data: done ? { openKey: null, claimedAt: null, completedAt: now } : { claimedAt: null },
  });
}

/** Takes (or resumes) the subscription's one unfinished switch, under its row lock. */
async function claimSwitch(
  db: PrismaClient,
  input: { userId: string; subscriptionId: string; toPlan: PaidPlanId; now: Date },
): Promise<Claim> {
  const { userId, toPlan, now } = input;
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Row[]>`
      SELECT id, "stripeCustomerId", plan::text AS plan, "priceId", "itemId", version, "currentPeriodEnd"
      FROM "BillingSubscription" WHERE id = ${input.subscriptionId} AND "userId" = ${userId}::uuid
      FOR UPDATE`;
    if (!row) throw new AppError("conflict", "Your subscription changed; reload and try again.");
    const open = await tx.planSwitch.findUnique({ where: { openKey: row.id } });
    if (open?.claimedAt && open.claimedAt.getTime() > now.getTime() - LEASE_MS)
      throw new AppError("conflict", "A plan change is already in progress.");
    if (open && open.toPlan === toPlan) {
      await tx.planSwitch.update({ where: { id: open.id }, data: { claimedAt: now } });
      return { id: open.id, fromPlan: open.fromPlan, row };
    }
    // An abandoned switch to another plan gives way to this one.
    if (open)
      await tx.planSwitch.update({ where: { id: open.id }, data: { openKey: null, claimedAt: null } });
    if (row.plan === toPlan)
      throw new AppError("conflict", `You are already on the ${planProduct(toPlan).name} plan.`);
    const created = await tx.planSwitch.create({
      data: {
        userId,
        subscriptionId: row.id,
        openKey: row.id,
        fromPlan: row.plan,
        toPlan,
        fromVersion: row.version,
        claimedAt: now,
      },
    });
    return { id: created.id, fromPlan: row.plan, row };
  });
}

async function carryOut(
  db: PrismaClient,
  input: { userId: string; claim: Claim; product: Product; toPriceId: string; origin: string; now: Date },
): Promise<void> {
  const { claim, product } = input;
  const { row } = claim;
  const stripe = getStripe();
  if (!stripe) {
    // The proration credits the plan the switch started from (recorded in the claim), not the
    // row's current price, which a part-way delivery may already have moved.
    const from = claim.fromPlan === "free" ? null : planProduct(claim.fromPlan);
    await deliverTestEvents(
      input.origin,
      testPlanSwitchEvents({
        claimId: claim.id,
        subscriptionId: row.id,
        customer: row.stripeCustomerId,
        userId: input.userId,
        fromPriceId: from ? (from.priceId ?? `price_test_${from.id}`) : null,
        toPriceId: input.toPriceId,
        amountMinor: Number(product.amountMinor),
        fromAmountMinor: Number(from?.amountMinor ?? 0n),
        periodEnd: row.currentPeriodEnd ?? input.now,
        currency: billingCurrency(),
        now: input.now,
        buyer: automaticTaxEnabled() ? await savedTestBuyer(db, input.userId) : null,
      }),
    );
    return;
  }
  if (!row.itemId)
    throw new AppError("conflict", "This subscription cannot be switched here; use the portal.");
  const updated = await stripe.subscriptions.update(
    row.id,
    {
      items: [{ id: row.itemId, price: input.toPriceId }],
      proration_behavior: env().PRORATION_BEHAVIOR,
      metadata: { userId: input.userId, planId: product.id },
    },
    { idempotencyKey: `ledgerchat-switch-${claim.id}` },
  );
  const sub = Subscription.parse(updated);
  await db.$transaction((tx) =>
    convergeSubscription(tx, { sub, version: seconds(input.now), userId: input.userId, now: input.now }),
  );
}
