// POST /api/billing/portal → the Stripe Customer Portal for the user's customer (payment methods,
// invoices, cancellation). Test mode has no portal: the billing page explains that instead.
import { customerIdOf } from "@/lib/billing/customers";
import { getStripe } from "@/lib/billing/stripe-client";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export async function createPortalSession(
  db: PrismaClient,
  input: { userId: string; origin: string },
): Promise<{ url: string }> {
  const customer = await customerIdOf(db, input.userId);
  if (!customer) throw new AppError("not_found", "You have no billing account yet.");
  const stripe = getStripe();
  if (!stripe) return { url: `${input.origin}/billing?portal=test-mode` };
  const session = await stripe.billingPortal.sessions.create({
    customer,
    return_url: `${input.origin}/billing`,
  });
  return { url: session.url };
}
