// The Stripe customer of each user. It is created before the user's first checkout (so every later
// event names a customer we already know), with metadata.userId as a second link for recovery.
import { createHash } from "node:crypto";
import { getStripe } from "@/lib/billing/stripe-client";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function customerIdOf(db: Db, userId: string): Promise<string | null> {
  const row = await db.billingCustomer.findUnique({ where: { userId }, select: { stripeCustomerId: true } });
  return row?.stripeCustomerId ?? null;
}

/** The user's Stripe customer id, created in Stripe (or locally in test mode) on first use. */
export async function ensureCustomer(db: Db, user: { userId: string; email: string }): Promise<string> {
  const existing = await customerIdOf(db, user.userId);
  if (existing) return existing;
  const stripe = getStripe();
  const id = stripe
    ? (
        await stripe.customers.create(
          { email: user.email, metadata: { userId: user.userId } },
          { idempotencyKey: `ledgerchat-customer-${user.userId}` },
        )
      ).id
    : `cus_test_${createHash("sha256").update(user.userId).digest("hex").slice(0, 24)}`;
  await db.billingCustomer.createMany({
    data: [{ userId: user.userId, stripeCustomerId: id }],
    skipDuplicates: true,
  });
  const linked = await customerIdOf(db, user.userId);
  if (!linked) throw new AppError("internal", "billing customer could not be saved");
  return linked;
}

/**
 * Account deletion: deletes the user's Stripe customer (Stripe then keeps only what it must for
 * its own records; the customer's email, name and address go, and its subscriptions are cancelled
 * at once). A customer already deleted (from the dashboard, or by an earlier run that stopped
 * part-way) counts as done. In test mode there is nothing to call. The BillingCustomer row stays:
 * it links the pseudonymised payments to Stripe's for the accounting period.
 */
export async function deleteStripeCustomer(
  db: Db,
  userId: string,
): Promise<"deleted" | "already_deleted" | "none" | "test_mode"> {
  const customerId = await customerIdOf(db, userId);
  if (!customerId) return "none";
  const stripe = getStripe();
  if (!stripe || customerId.startsWith("cus_test_")) return "test_mode";
  try {
    await stripe.customers.del(customerId);
  } catch (error) {
    if ((error as { code?: string }).code === "resource_missing") return "already_deleted";
    throw error;
  }
  return "deleted";
}

/**
 * The user an event's object belongs to: by its customer when we know the customer, else by the
 * userId we put in metadata (which then links the customer). Null means "not ours": ignored.
 */
export async function resolveUserId(
  db: Db,
  refs: { customerId?: string | null; metadataUserId?: string | null },
): Promise<string | null> {
  if (refs.customerId) {
    const row = await db.billingCustomer.findUnique({
      where: { stripeCustomerId: refs.customerId },
      select: { userId: true },
    });
    if (row) return row.userId;
  }
  const userId = refs.metadataUserId;
  if (!userId || !UUID.test(userId)) return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) return null;
  if (refs.customerId) {
    await db.billingCustomer.createMany({
      data: [{ userId, stripeCustomerId: refs.customerId }],
      skipDuplicates: true,
    });
  }
  return userId;
}
