// A team's own Stripe customer and billing email. Team purchases never use a member's customer:
// the customer's email is the team's billing email (default: the owner's), so Stripe's invoices and
// receipts go there, and every team event names a customer that leads back to the team.
import { createHash } from "node:crypto";
import { getStripe } from "@/lib/billing/stripe-client";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The team's billing email: the one set on the team, else its (first) owner's. */
export async function teamBillingEmail(db: Db, teamId: string): Promise<string | null> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { billingEmail: true } });
  if (!team) return null;
  if (team.billingEmail) return team.billingEmail;
  const [owner] = await db.$queryRaw<{ email: string }[]>`
    SELECT u.email FROM "TeamMember" m JOIN "User" u ON u.id = m."userId"
    WHERE m."teamId" = ${teamId}::uuid AND m.role = 'owner' AND u.status <> 'deleted'
    ORDER BY m."createdAt" LIMIT 1`;
  return owner?.email ?? null;
}

/** The team's Stripe customer id, created in Stripe (or locally in test mode) on first use. */
export async function ensureTeamCustomer(db: Db, teamId: string): Promise<string> {
  const team = await db.team.findUnique({
    where: { id: teamId },
    select: { stripeCustomerId: true, name: true },
  });
  if (!team) throw new AppError("not_found", "Team not found.");
  if (team.stripeCustomerId) return team.stripeCustomerId;
  const email = await teamBillingEmail(db, teamId);
  const stripe = getStripe();
  const id = stripe
    ? (
        await stripe.customers.create(
          { email: email ?? undefined, name: team.name, metadata: { teamId } },
          { idempotencyKey: `ledgerchat-team-customer-${teamId}` },
        )
      ).id
    : `cus_test_team_${createHash("sha256").update(teamId).digest("hex").slice(0, 24)}`;
  await db.team.updateMany({ where: { id: teamId, stripeCustomerId: null }, data: { stripeCustomerId: id } });
  const linked = await db.team.findUnique({ where: { id: teamId }, select: { stripeCustomerId: true } });
  if (!linked?.stripeCustomerId) throw new AppError("internal", "team billing customer could not be saved");
  return linked.stripeCustomerId;
}

/** Sets (or, with null, clears back to the owner's) the billing email, and Stripe's customer's. */
export async function saveTeamBillingEmail(
  db: Db,
  teamId: string,
  email: string | null,
): Promise<string | null> {
  const team = await db.team.update({
    where: { id: teamId },
    data: { billingEmail: email },
    select: { stripeCustomerId: true },
  });
  const effective = await teamBillingEmail(db, teamId);
  const stripe = getStripe();
  if (stripe && team.stripeCustomerId && effective)
    await stripe.customers.update(team.stripeCustomerId, { email: effective });
  return effective;
}

/**
 * The team an event's object belongs to: by its customer when it is a team's, else by the teamId
 * the checkout put in metadata (when that team has no customer of another id). Null: not a team's.
 */
export async function resolveTeamId(
  db: Db,
  refs: { customerId?: string | null; metadataTeamId?: string | null },
): Promise<string | null> {
  if (refs.customerId) {
    const row = await db.team.findUnique({
      where: { stripeCustomerId: refs.customerId },
      select: { id: true },
    });
    if (row) return row.id;
  }
  const teamId = refs.metadataTeamId;
  if (!teamId || !UUID.test(teamId)) return null;
  const team = await db.team.findUnique({
    where: { id: teamId },
    select: { id: true, stripeCustomerId: true },
  });
  if (!team) return null;
  if (refs.customerId && team.stripeCustomerId && team.stripeCustomerId !== refs.customerId) return null;
  return team.id;
}
