// Subscription convergence. A subscription row mirrors Stripe's state with a version (the Stripe
// time of the state applied), so a late, older event never overwrites newer state and a canceled
// subscription never comes back. User.plan is then recomputed from all of the user's rows: the
// best plan among subscriptions that still entitle at `now` (a canceled or unpaid subscription
// keeps its plan until its paid period ends; then the user drops to Free).

import type { PaidPlanId } from "@/lib/billing/catalog";
import { isPaidPlanId, productForPriceId } from "@/lib/billing/catalog";
import type { Tx } from "@/lib/billing/db-types";
import type { Subscription } from "@/lib/billing/stripe-objects";
import { ENTITLING_STATUSES, idOf } from "@/lib/billing/stripe-objects";
import { mailSubscriptionChange } from "@/lib/billing/subscription-mail";
import type { PlanId } from "@/lib/entitlements";
import { tierRank } from "@/lib/entitlements";
import { forgetCached, USER_ACCESS_CACHE } from "@/lib/ttl-cache";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";

/** How long past the period end an active subscription keeps its plan while renewal is in flight. */
export const RENEWAL_GRACE_MS = 24 * 60 * 60 * 1000;

const TERMINAL = new Set(["canceled", "incomplete_expired"]);

export function planOfSubscription(sub: Subscription): PaidPlanId | null {
  for (const item of sub.items.data) {
    const product = productForPriceId(item.price.id);
    if (product?.kind === "plan") return product.id;
  }
  const fromMetadata = sub.metadata?.planId;
  return isPaidPlanId(fromMetadata) ? fromMetadata : null;
}

export type ConvergeResult = { changed: boolean; plan: PlanId };

/** Applies a subscription state (from an event at `version`, or read from Stripe) for userId. */
export async function convergeSubscription(
  tx: Tx,
  input: { sub: Subscription; version: bigint; userId: string; now: Date },
): Promise<ConvergeResult> {
  const { sub, version, userId } = input;
  const plan = planOfSubscription(sub);
  const item = sub.items.data[0];
  const periodEnd = item?.current_period_end ? new Date(item.current_period_end * 1000) : null;
  const existing = await tx.billingSubscription.findUnique({
    where: { id: sub.id },
    select: { version: true, status: true, plan: true, cancelAtPeriodEnd: true },
  });
  const stale =
    existing !== null &&
    (existing.version > version || (TERMINAL.has(existing.status) && !TERMINAL.has(sub.status)));
  let changed = false;
  if (!stale) {
    const data = {
      userId,
      stripeCustomerId: idOf(sub.customer) ?? "",
      plan: plan ?? existing?.plan ?? "free",
      priceId: item?.price.id ?? null,
      itemId: item?.id ?? null,
      status: sub.status,
      currentPeriodEnd: periodEnd,
      cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
      version,
    };
    await tx.billingSubscription.upsert({
      where: { id: sub.id },
      create: { id: sub.id, ...data },
      update: data,
    });
    changed = true;
    if (
      !existing ||
      existing.status !== data.status ||
      existing.plan !== data.plan ||
      existing.cancelAtPeriodEnd !== data.cancelAtPeriodEnd
    ) {
      await announceSubscription(tx, { userId, subscriptionId: sub.id, version });
      await mailSubscriptionChange(tx, {
        userId,
        subscriptionId: sub.id,
        version,
        before: existing,
        after: data,
        periodEnd,
      });
    }
  }
  const userPlan = await recomputeUserPlan(tx, userId, input.now);
  return { changed, plan: userPlan };
}

/** The subscription.changed webhook (lib/webhooks-out), from the row as it now is; once per version. */
export async function announceSubscription(
  tx: Tx,
  input: { userId: string; subscriptionId: string; version: bigint },
): Promise<void> {
  const row = await tx.billingSubscription.findUnique({
    where: { id: input.subscriptionId },
    select: { plan: true, status: true, cancelAtPeriodEnd: true, currentPeriodEnd: true },
  });
  if (!row) return;
  await emitWebhookEvent(tx, {
    type: "subscription.changed",
    userId: input.userId,
    key: `${input.subscriptionId}:${input.version}`,
    data: { subscriptionId: input.subscriptionId, ...row },
  });
}

export type EntitlingRow = { status: string; currentPeriodEnd: Date | null; paidThrough: Date | null };

/**
 * Whether a subscription gives its plan at `now`: active, trialing or past_due (Stripe is still
 * retrying) until the period end plus the renewal grace; canceled or unpaid until the end of the
 * last period actually paid for.
 */
export function entitles(row: EntitlingRow, now: Date): boolean {
  const end = row.currentPeriodEnd?.getTime();
  if (ENTITLING_STATUSES.has(row.status)) return end === undefined || end + RENEWAL_GRACE_MS > now.getTime();
  if (row.status === "canceled" || row.status === "unpaid") {
    return row.paidThrough !== null && row.paidThrough.getTime() > now.getTime();
  }
  return false;
}

/** Sets User.plan to the best plan the user's subscriptions entitle at `now`. */
export async function recomputeUserPlan(tx: Tx, userId: string, now: Date): Promise<PlanId> {
  // Serialize plan changes per user (two subscriptions' events may converge at once).
  await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  const rows = await tx.$queryRaw<(EntitlingRow & { plan: PlanId })[]>`
    SELECT s.plan::text AS plan, s.status, s."currentPeriodEnd",
      (SELECT max(p."periodEnd") FROM "Payment" p WHERE p."subscriptionId" = s.id) AS "paidThrough"
    FROM "BillingSubscription" s WHERE s."userId" = ${userId}::uuid`;
  let best: PlanId = "free";
  for (const row of rows) {
    if (entitles(row, now) && tierRank(row.plan) > tierRank(best)) best = row.plan;
  }
  const { count } = await tx.user.updateMany({
    where: { id: userId, NOT: { plan: best } },
    data: { plan: best },
  });
  if (count > 0) forgetCached(USER_ACCESS_CACHE, userId);
  return best;
}

/**
 * Account erasure: the account's subscriptions end with it. In Stripe, deleting the customer
 * cancels them at once (its webhooks then converge on the same state); in test mode nothing else
 * would. Marked canceled now, in the erasure's transaction; the erased account is on Free.
 */
export async function endSubscriptionsOfErasedAccount(tx: Tx, userId: string): Promise<number> {
  const { count } = await tx.billingSubscription.updateMany({
    where: { userId, status: { notIn: [...TERMINAL] } },
    data: { status: "canceled", cancelAtPeriodEnd: false },
  });
  await tx.user.updateMany({ where: { id: userId, NOT: { plan: "free" } }, data: { plan: "free" } });
  forgetCached(USER_ACCESS_CACHE, userId);
  return count;
}
