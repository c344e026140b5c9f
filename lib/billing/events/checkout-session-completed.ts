// checkout.session.completed and checkout.session.async_payment_succeeded: a paid top-up grants
// its PT; a subscription checkout links the subscription (its allowance comes with invoice.paid).
import { resolveUserId } from "@/lib/billing/customers";
import type { EventHandler } from "@/lib/billing/events/types";
import { seconds } from "@/lib/billing/events/types";
import { applyTopup, intentForSession } from "@/lib/billing/purchases";
import { tryStripe } from "@/lib/billing/stripe-client";
import { CheckoutSession, idOf, Subscription } from "@/lib/billing/stripe-objects";
import { convergeSubscription } from "@/lib/billing/subscriptions";

type Loaded = { subscription?: unknown; session?: unknown };

export const checkoutSessionCompleted: EventHandler = {
  lockKey: (object) => `checkout:${CheckoutSession.parse(object).id}`,

  async load(object): Promise<Loaded> {
    const session = CheckoutSession.parse(object);
    const subscriptionId = idOf(session.subscription);
    if (session.mode === "payment") {
      // A taxed top-up: the rates' names are in the breakdown, which Stripe sends only expanded.
      const taxed = (session.total_details?.amount_tax ?? 0) > 0 && !session.total_details?.breakdown;
      return taxed
        ? {
            session: await tryStripe((stripe) =>
              stripe.checkout.sessions.retrieve(session.id, { expand: ["total_details.breakdown"] }),
            ),
          }
        : {};
    }
    if (session.mode !== "subscription" || !subscriptionId) return {};
    return { subscription: await tryStripe((stripe) => stripe.subscriptions.retrieve(subscriptionId)) };
  },

  async apply(tx, input, raw) {
    const loaded = (raw ?? {}) as Loaded;
    const fromEvent = CheckoutSession.parse(input.object);
    const expanded = loaded.session ? CheckoutSession.safeParse(loaded.session) : null;
    // The retrieved session only adds the tax breakdown; everything else is the event's.
    const session = expanded?.success
      ? { ...fromEvent, total_details: expanded.data.total_details ?? fromEvent.total_details }
      : fromEvent;
    const userId = await resolveUserId(tx, {
      customerId: idOf(session.customer),
      metadataUserId: session.metadata?.userId ?? session.client_reference_id,
    });
    if (!userId) return { status: "ignored", note: "unknown customer" };
    if (session.client_reference_id && session.client_reference_id !== userId) {
      return { status: "ignored", note: "client_reference_id does not match the customer's user" };
    }
    if (session.mode === "payment") return applyTopup(tx, { session, userId, now: input.now });
    if (session.mode !== "subscription") return { status: "ignored", note: `mode ${session.mode}` };
    if (session.payment_status === "unpaid") return { status: "ignored", note: "payment not completed yet" };
    const intent = await intentForSession(tx, session, userId);
    if (intent && intent.status === "pending") {
      await tx.checkoutIntent.update({
        where: { id: intent.id },
        data: { status: "completed", openKey: null, completedAt: input.now, stripeSessionId: session.id },
      });
    }
    const current = loaded.subscription ? Subscription.safeParse(loaded.subscription) : null;
    if (current?.success) {
      await convergeSubscription(tx, {
        sub: current.data,
        version: seconds(input.now),
        userId,
        now: input.now,
      });
    }
    return { status: "applied" };
  },
};
