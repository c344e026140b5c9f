// Buying for a team: the seat-priced team plan (Stripe subscription, quantity = seats) or a PT
// top-up pack credited to the team's pool. Only members whose role has the "billing" permission
// (owners, admins) may buy, and the buyer must be allowed to pay (verified, not frozen). Like a
// user's checkout, a CheckoutIntent (with teamId and quantity) is opened under a per-team lock with
// a unique openKey, and the Stripe session's idempotency key is the intent id, so concurrent clicks
// converge on one session. A team that already has the plan changes seats instead (team-seats.ts).
import type { PackId } from "@/lib/billing/catalog";
import { billingCurrency, isTestMode, packProduct } from "@/lib/billing/catalog";
import { assertCanBuy, automaticTaxSessionParams } from "@/lib/billing/checkout";
import { getStripe } from "@/lib/billing/stripe-client";
import { ENTITLING_STATUSES } from "@/lib/billing/stripe-objects";
import { teamPlanQuote } from "@/lib/billing/team-catalog";
import { ensureTeamCustomer } from "@/lib/billing/team-customer";
import { changeTeamSeats } from "@/lib/billing/team-seats";
import { assertTestModeAvailable, TEST_PAY_CLAIM_MS, testSessionId } from "@/lib/billing/test-mode";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { requireTeamPermission } from "@/lib/teams/membership";

const SESSION_TTL_MS = 60 * 60 * 1000;
const REUSE_MARGIN_MS = 5 * 60 * 1000;

export type TeamCheckoutChoice = { seats: number } | { packId: PackId };
export type TeamCheckoutResult = { url: string; reused: boolean; changed?: boolean };

type TeamProduct = {
  kind: "plan" | "pack";
  productId: string;
  name: string;
  quantity: number;
  amountMinor: bigint;
  pt: bigint;
  priceId: string | null;
};

function productOf(choice: TeamCheckoutChoice): TeamProduct {
  if ("seats" in choice) {
    const q = teamPlanQuote(choice.seats);
    return {
      kind: "plan",
      productId: "team",
      name: "Team plan",
      quantity: q.seats,
      amountMinor: q.amountMinor,
      pt: q.pt,
      priceId: q.priceId,
    };
  }
  const p = packProduct(choice.packId);
  return {
    kind: "pack",
    productId: p.id,
    name: p.name,
    quantity: 1,
    amountMinor: p.amountMinor,
    pt: p.pt,
    priceId: p.priceId,
  };
}

/** The team's current seat subscription (one that still entitles), if any. */
export async function currentTeamSubscription(db: PrismaClient, teamId: string) {
  return db.teamSubscription.findFirst({
    where: { teamId, status: { in: [...ENTITLING_STATUSES] } },
    orderBy: { updatedAt: "desc" },
  });
}

export async function startTeamCheckout(
  db: PrismaClient,
  input: { userId: string; teamId: string; choice: TeamCheckoutChoice; origin: string; now?: Date },
): Promise<TeamCheckoutResult> {
  const now = input.now ?? new Date();
  await requireTeamPermission(db, { teamId: input.teamId, userId: input.userId, permission: "billing" });
  await assertCanBuy(db, input.userId);
  if (isTestMode()) assertTestModeAvailable();
  const product = productOf(input.choice);
  if (!product.priceId) throw new AppError("service_unavailable", `${product.name} is not on sale here.`);
  if (product.kind === "plan") {
    const current = await currentTeamSubscription(db, input.teamId);
    if (current) {
      await changeTeamSeats(db, {
        userId: input.userId,
        teamId: input.teamId,
        subscriptionId: current.id,
        seats: product.quantity,
        origin: input.origin,
        now,
      });
      return {
        url: `${input.origin}/teams/${input.teamId}/billing?seats=${product.quantity}`,
        reused: false,
        changed: true,
      };
    }
  }
  const customer = await ensureTeamCustomer(db, input.teamId);
  const intent = await openTeamIntent(db, { userId: input.userId, teamId: input.teamId, product, now });
  if (intent.url) return { url: intent.url, reused: true };
  const session = await createTeamSession(input.origin, {
    intentId: intent.id,
    teamId: input.teamId,
    buyerId: input.userId,
    customer,
    product,
    expiresAt: intent.expiresAt,
  });
  await db.checkoutIntent.update({
    where: { id: intent.id },
    data: { stripeSessionId: session.id, url: session.url },
  });
  return { url: session.url, reused: false };
}

/** The team's open intent for the product, or a new one (closing a replaced one unless it is being paid). */
async function openTeamIntent(
  db: PrismaClient,
  input: { userId: string; teamId: string; product: TeamProduct; now: Date },
) {
  const { teamId, product, now } = input;
  const currency = billingCurrency();
  // One plan checkout per team whatever the seats (two would start two subscriptions).
  const openKey =
    product.kind === "plan" ? `team:${teamId}:plan` : `team:${teamId}:pack:${product.productId}`;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`checkout-team:${teamId}`}, 0))`;
    const existing = await tx.checkoutIntent.findUnique({ where: { openKey } });
    if (
      existing &&
      existing.expiresAt.getTime() > now.getTime() + REUSE_MARGIN_MS &&
      existing.expectedAmountMinor === product.amountMinor &&
      existing.quantity === product.quantity &&
      existing.currency === currency
    )
      return existing;
    if (existing) {
      const { count } = await tx.checkoutIntent.updateMany({
        where: {
          id: existing.id,
          OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - TEST_PAY_CLAIM_MS) } }],
        },
        data: { status: "expired", openKey: null },
      });
      if (count === 0)
        throw new AppError(
          "conflict",
          "A payment for the team's other checkout is in progress; try again shortly.",
        );
    }
    return tx.checkoutIntent.create({
      data: {
        userId: input.userId,
        teamId,
        kind: product.kind,
        productId: product.productId,
        quantity: product.quantity,
        openKey,
        expectedAmountMinor: product.amountMinor,
        currency,
        expectedPt: product.pt,
        expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      },
    });
  });
}

async function createTeamSession(
  origin: string,
  input: {
    intentId: string;
    teamId: string;
    buyerId: string;
    customer: string;
    product: TeamProduct;
    expiresAt: Date;
  },
): Promise<{ id: string; url: string }> {
  const stripe = getStripe();
  if (!stripe) {
    const id = testSessionId(input.intentId);
    return { id, url: `${origin}/billing/test-checkout/${id}` };
  }
  const { product } = input;
  // No userId in the metadata: the user handlers must never take a team purchase for a member's.
  const metadata = {
    intentId: input.intentId,
    teamId: input.teamId,
    buyerId: input.buyerId,
    kind: product.kind,
    productId: product.productId,
  };
  const session = await stripe.checkout.sessions.create(
    {
      mode: product.kind === "plan" ? "subscription" : "payment",
      customer: input.customer,
      client_reference_id: input.teamId,
      line_items: [{ price: product.priceId ?? "", quantity: product.quantity }],
      success_url: `${origin}/teams/${input.teamId}/billing?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/teams/${input.teamId}/billing`,
      expires_at: Math.floor(input.expiresAt.getTime() / 1000),
      metadata,
      ...automaticTaxSessionParams(),
      ...(product.kind === "plan"
        ? {
            subscription_data: { metadata: { teamId: input.teamId, buyerId: input.buyerId, planId: "team" } },
          }
        : { payment_intent_data: { metadata } }),
    },
    { idempotencyKey: `ledgerchat-checkout-${input.intentId}` },
  );
  if (!session.url) throw new AppError("internal", "Stripe returned a session without a URL.");
  return { id: session.id, url: session.url };
}
