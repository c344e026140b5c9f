// checkout.session.expired: the intent is closed, so the next click opens a fresh session.
import type { EventHandler } from "@/lib/billing/events/types";
import { CheckoutSession } from "@/lib/billing/stripe-objects";

export const checkoutSessionExpired: EventHandler = {
  lockKey: (object) => `checkout:${CheckoutSession.parse(object).id}`,

  async apply(tx, input) {
    const session = CheckoutSession.parse(input.object);
    const { count } = await tx.checkoutIntent.updateMany({
      where: { stripeSessionId: session.id, status: "pending" },
      data: { status: "expired", openKey: null },
    });
    return count > 0 ? { status: "applied" } : { status: "ignored", note: "no pending intent" };
  },
};
