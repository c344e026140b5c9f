// Switching an existing subscription to another plan: Stripe's subscription update with the
// configured proration behaviour (an upgrade mid-period is invoiced at once and its allowance
// increase granted by invoice.paid; with "none" the new allowance starts at the next renewal).
// The local row converges from Stripe's answer now; the webhooks that follow are idempotent.
import type { Product } from "@/lib/billing/catalog";
import { billingCurrency, planProduct } from "@/lib/billing/catalog";
import { seconds } from "@/lib/billing/events/types";
import { getStripe } from "@/lib/billing/stripe-client";
import { Subscription } from "@/lib/billing/stripe-objects";
import { convergeSubscription } from "@/lib/billing/subscriptions";
import { deliverTestEvents, testPlanSwitchEvents } from "@/lib/billing/test-mode";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";

type Row = {
  id: string;
  stripeCustomerId: string;
  plan: "free" | "pro" | "max";
  priceId: string | null;
  itemId: string | null;
  version: bigint;
  currentPeriodEnd: Date | null;
};

export async function switchPlan(
  db: PrismaClient,
  input: { userId: string; subscription: Row; product: Product; origin: string; now: Date },
): Promise<void> {
  const { subscription: row, product } = input;
  if (product.kind !== "plan" || !product.priceId) throw new AppError("bad_request", "Not a plan.");
  const stripe = getStripe();
  if (!stripe) {
    const from = row.plan === "free" ? null : planProduct(row.plan);
    await deliverTestEvents(
      input.origin,
      testPlanSwitchEvents({
        subscriptionId: row.id,
        customer: row.stripeCustomerId,
        userId: input.userId,
        fromPriceId: row.priceId,
        toPriceId: product.priceId,
        amountMinor: Number(product.amountMinor),
        fromAmountMinor: Number(from?.amountMinor ?? 0n),
        periodEnd: row.currentPeriodEnd ?? input.now,
        currency: billingCurrency(),
        now: input.now,
      }),
    );
    return;
  }
  if (!row.itemId)
    throw new AppError("conflict", "This subscription cannot be switched here; use the portal.");
  const updated = await stripe.subscriptions.update(
    row.id,
    {
      items: [{ id: row.itemId, price: product.priceId }],
      proration_behavior: env().PRORATION_BEHAVIOR,
      metadata: { userId: input.userId, planId: product.id },
    },
    { idempotencyKey: `ledgerchat-switch-${row.id}-${product.id}-${row.version}` },
  );
  const sub = Subscription.parse(updated);
  await db.$transaction((tx) =>
    convergeSubscription(tx, { sub, version: seconds(input.now), userId: input.userId, now: input.now }),
  );
}
