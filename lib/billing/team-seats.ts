// Changing a team plan's seats (the subscription's quantity). Concurrent clicks never double
// charge: the change is first claimed as a TeamSeatChange row under the subscription's row lock
// (one unfinished change per subscription, unique openKey), like a user's plan switch
// (plan-switch.ts). Only the click holding the claim's lease calls Stripe (idempotency key = claim
// id) or, in test mode, sends events whose ids derive from the claim id; the others get 409.
// An increase is prorated and invoiced at once (PRORATION_BEHAVIOR); its invoice.paid grants the
// added seats' allowance. A decrease takes effect at once with no credit: the removed seats'
// allowance was granted in full for the period and may already be spent.
import { billingCurrency } from "@/lib/billing/catalog";
import { seconds } from "@/lib/billing/events/types";
import { getStripe } from "@/lib/billing/stripe-client";
import { Subscription } from "@/lib/billing/stripe-objects";
import { assertSeats, seatPriceMinor } from "@/lib/billing/team-catalog";
import { convergeTeamSubscription } from "@/lib/billing/team-subscriptions";
import { teamSeatChangeEvents } from "@/lib/billing/team-test-events";
import { deliverTestEvents } from "@/lib/billing/test-mode";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";

const LEASE_MS = 2 * 60 * 1000;

type Row = {
  id: string;
  stripeCustomerId: string;
  itemId: string | null;
  seats: number;
  buyerId: string;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
};
type Claim = { id: string; fromSeats: number; row: Row };

export async function changeTeamSeats(
  db: PrismaClient,
  input: { userId: string; teamId: string; subscriptionId: string; seats: number; origin: string; now: Date },
): Promise<void> {
  const seats = assertSeats(input.seats);
  const { now } = input;
  const claim = await claimSeatChange(db, { ...input, seats });
  try {
    await carryOut(db, { ...input, seats, claim });
  } catch (error) {
    await db.teamSeatChange.updateMany({
      where: { id: claim.id, claimedAt: now },
      data: { claimedAt: null },
    });
    throw error;
  }
  const done = await db.teamSubscription.count({ where: { id: claim.row.id, seats } });
  await db.teamSeatChange.updateMany({
    where: { id: claim.id, claimedAt: now },
    data: done ? { openKey: null, claimedAt: null, completedAt: now } : { claimedAt: null },
  });
}

async function claimSeatChange(
  db: PrismaClient,
  input: { userId: string; teamId: string; subscriptionId: string; seats: number; now: Date },
): Promise<Claim> {
  const { seats, now } = input;
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Row[]>`
      SELECT id, "stripeCustomerId", "itemId", seats, "buyerId"::text AS "buyerId", "currentPeriodStart", "currentPeriodEnd"
      FROM "TeamSubscription" WHERE id = ${input.subscriptionId} AND "teamId" = ${input.teamId}::uuid
      FOR UPDATE`;
    if (!row) throw new AppError("conflict", "The team's subscription changed; reload and try again.");
    const open = await tx.teamSeatChange.findUnique({ where: { openKey: row.id } });
    if (open?.claimedAt && open.claimedAt.getTime() > now.getTime() - LEASE_MS)
      throw new AppError("conflict", "A seat change is already in progress.");
    if (open && open.toSeats === seats) {
      await tx.teamSeatChange.update({
        where: { id: open.id },
        data: { claimedAt: now, userId: input.userId },
      });
      return { id: open.id, fromSeats: open.fromSeats, row };
    }
    if (open)
      await tx.teamSeatChange.update({ where: { id: open.id }, data: { openKey: null, claimedAt: null } });
    if (row.seats === seats)
      throw new AppError("conflict", `The team already has ${seats} seat${seats === 1 ? "" : "s"}.`);
    const created = await tx.teamSeatChange.create({
      data: {
        teamId: input.teamId,
        userId: input.userId,
        subscriptionId: row.id,
        openKey: row.id,
        fromSeats: row.seats,
        toSeats: seats,
        claimedAt: now,
      },
    });
    return { id: created.id, fromSeats: row.seats, row };
  });
}

async function carryOut(
  db: PrismaClient,
  input: { userId: string; teamId: string; seats: number; claim: Claim; origin: string; now: Date },
): Promise<void> {
  const { claim, seats, now } = input;
  const { row } = claim;
  const stripe = getStripe();
  if (!stripe) {
    await deliverTestEvents(
      input.origin,
      teamSeatChangeEvents({
        claimId: claim.id,
        teamId: input.teamId,
        buyerId: row.buyerId,
        subscriptionId: row.id,
        customer: row.stripeCustomerId,
        itemId: row.itemId,
        fromSeats: claim.fromSeats,
        toSeats: seats,
        seatPriceMinor: seatPriceMinor(),
        periodStart: row.currentPeriodStart ?? now,
        periodEnd: row.currentPeriodEnd ?? now,
        currency: billingCurrency(),
        now,
        prorate: env().PRORATION_BEHAVIOR !== "none",
      }),
    );
    return;
  }
  if (!row.itemId) throw new AppError("conflict", "This subscription cannot be changed here.");
  const increase = seats > claim.fromSeats;
  const updated = await stripe.subscriptions.update(
    row.id,
    {
      items: [{ id: row.itemId, quantity: seats }],
      // An increase is charged now for the rest of the period; a decrease credits nothing.
      proration_behavior: increase
        ? env().PRORATION_BEHAVIOR === "none"
          ? "none"
          : "always_invoice"
        : "none",
      metadata: { teamId: input.teamId, buyerId: row.buyerId, planId: "team" },
    },
    { idempotencyKey: `ledgerchat-seats-${claim.id}` },
  );
  const sub = Subscription.parse(updated);
  await db.$transaction((tx) =>
    convergeTeamSubscription(tx, { sub, version: seconds(now), teamId: input.teamId, buyerId: row.buyerId }),
  );
}
