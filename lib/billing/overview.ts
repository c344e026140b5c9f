// What the billing page shows a user: plan and renewal, PT left by kind, purchases and invoices
// (with their tax and a receipt link), the seller's identity, and the state of one checkout (the success page polls it until the PT arrive).
import { catalog, isTestMode } from "@/lib/billing/catalog";
import { sellerIdentity } from "@/lib/billing/receipts";
import { automaticTaxEnabled } from "@/lib/billing/tax";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";

/**
 * The user's latest payments, newest first (the ledger page lists them with a Dispute action).
 * Team purchases the user made are the team's (its pool, its billing page), not listed here.
 */
export async function listMyPayments(db: PrismaClient, userId: string, take = 50) {
  return db.payment.findMany({
    where: { userId, teamId: null },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, createdAt: true, description: true, amountMinor: true, currency: true, pt: true },
  });
}

export async function billingOverview(db: PrismaClient, userId: string) {
  const [user, subscription, payments, balance, customer, seller] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { plan: true, status: true } }),
    db.billingSubscription.findFirst({ where: { userId }, orderBy: { updatedAt: "desc" } }),
    db.payment.findMany({ where: { userId, teamId: null }, orderBy: { createdAt: "desc" }, take: 50 }),
    getBalance(db, { kind: "user", userId }),
    db.billingCustomer.findUnique({ where: { userId }, select: { stripeCustomerId: true } }),
    sellerIdentity(db),
  ]);
  const left = (source: string) =>
    balance.grants.filter((g) => g.source === source).reduce((s, g) => s + g.remaining, 0n);
  const named = ["allowance", "purchase", "trial"];
  const otherLeft = balance.grants
    .filter((g) => !named.includes(g.source))
    .reduce((s, g) => s + g.remaining, 0n);
  return {
    plan: user?.plan ?? "free",
    accountStatus: user?.status ?? "active",
    testMode: isTestMode(),
    /** Tax is added at checkout (Stripe Tax, or the demo rate in test mode). */
    automaticTax: automaticTaxEnabled(),
    currency: catalog().currency,
    /** Who sells: the operator identity, as on receipts. */
    seller,
    hasBillingAccount: Boolean(customer),
    subscription: subscription && {
      plan: subscription.plan,
      status: subscription.status,
      renewsAt: subscription.currentPeriodEnd?.toISOString() ?? null,
      cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
    },
    balance: {
      available: balance.available,
      // The breakdown adds up: allowance + purchased + trial + other − in use = available (unless
      // frozen or in debt, when nothing is available and `held` says what the account still has).
      allowanceLeft: left("allowance"),
      purchasedLeft: left("purchase"),
      /** Trial PT a guest carried over on sign-up. */
      trialLeft: left("trial"),
      /** Promo credits and adjustments (an approved dispute's credit among them). */
      otherLeft,
      /** Held for replies still streaming. */
      inUse: balance.pending,
      held: balance.posted - balance.pending,
      debt: balance.debt,
      frozen: balance.frozen,
    },
    payments: payments.map((p) => ({
      id: p.id,
      kind: p.kind,
      description: p.description,
      amountMinor: p.amountMinor,
      /** The tax in amountMinor (0 when none was collected) and the rates' label. */
      taxMinor: p.taxMinor,
      taxLabel: p.taxLabel,
      currency: p.currency,
      pt: p.pt,
      refundedMinor: p.refundedMinor,
      createdAt: p.createdAt.toISOString(),
      receiptUrl: `/billing/receipts/${p.id}`,
    })),
  };
}

/** The state of the user's checkout for a session id (scoped by owner). */
export async function checkoutStatus(db: PrismaClient, input: { userId: string; sessionId: string }) {
  const intent = await db.checkoutIntent.findFirst({
    where: { userId: input.userId, stripeSessionId: input.sessionId },
    select: { status: true, kind: true, productId: true, expectedPt: true },
  });
  const balance = await getBalance(db, { kind: "user", userId: input.userId });
  return {
    status: intent?.status ?? "unknown",
    kind: intent?.kind ?? null,
    productId: intent?.productId ?? null,
    pt: intent?.expectedPt ?? null,
    available: balance.available,
  };
}
