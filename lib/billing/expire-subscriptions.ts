// Downgrades users whose subscription period ended without a renewal: for every paid-plan user
// with a subscription past its period end, converge on Stripe's state when reachable, then
// recompute the plan (after the renewal grace, an unrenewed or canceled subscription gives Free).
// PT are untouched here: the allowance grant expires by itself at the period end.
import { seconds } from "@/lib/billing/events/types";
import { tryStripe } from "@/lib/billing/stripe-client";
import { Subscription } from "@/lib/billing/stripe-objects";
import { convergeSubscription, recomputeUserPlan } from "@/lib/billing/subscriptions";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export async function expireSubscriptions(
  db: PrismaClient,
  options: { now?: Date; limit?: number } = {},
): Promise<{ checked: number; downgraded: number }> {
  const now = options.now ?? new Date();
  const rows = await db.$queryRaw<{ id: string; userId: string }[]>`
    SELECT s.id, s."userId"::text AS "userId" FROM "BillingSubscription" s JOIN "User" u ON u.id = s."userId"
    WHERE u.plan <> 'free' AND s."currentPeriodEnd" < ${now}
    ORDER BY s."currentPeriodEnd" LIMIT ${options.limit ?? 500}`;
  let downgraded = 0;
  for (const row of rows) {
    const fresh = await tryStripe((stripe) => stripe.subscriptions.retrieve(row.id));
    const parsed = fresh ? Subscription.safeParse(fresh) : null;
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`subscription:${row.id}`}, 0))`;
      const before = await tx.user.findUnique({ where: { id: row.userId }, select: { plan: true } });
      const after = parsed?.success
        ? (
            await convergeSubscription(tx, {
              sub: parsed.data,
              version: seconds(now),
              userId: row.userId,
              now,
            })
          ).plan
        : await recomputeUserPlan(tx, row.userId, now);
      return { before: before?.plan, after };
    });
    if (plan.before && plan.before !== plan.after) downgraded++;
  }
  return { checked: rows.length, downgraded };
}
