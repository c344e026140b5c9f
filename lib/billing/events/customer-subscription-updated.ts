// customer.subscription.created / .updated / .deleted: converge the subscription row and the
// user's plan on Stripe's current state (retrieved when reachable, else the event's object,
// guarded by its version so an older event never overwrites a newer one).
import { resolveUserId } from "@/lib/billing/customers";
import type { EventHandler } from "@/lib/billing/events/types";
import { seconds } from "@/lib/billing/events/types";
import { tryStripe } from "@/lib/billing/stripe-client";
import { idOf, Subscription } from "@/lib/billing/stripe-objects";
import { convergeSubscription } from "@/lib/billing/subscriptions";

export const customerSubscriptionUpdated: EventHandler = {
  lockKey: (object) => `subscription:${Subscription.parse(object).id}`,

  async load(object) {
    const { id } = Subscription.parse(object);
    return tryStripe((stripe) => stripe.subscriptions.retrieve(id));
  },

  async apply(tx, input, loaded) {
    const fromEvent = Subscription.parse(input.object);
    const current = loaded ? Subscription.safeParse(loaded) : null;
    const sub = current?.success ? current.data : fromEvent;
    const version = current?.success ? seconds(input.now) : BigInt(input.created);
    const userId = await resolveUserId(tx, {
      customerId: idOf(sub.customer),
      metadataUserId: sub.metadata?.userId,
    });
    if (!userId) return { status: "ignored", note: "unknown customer" };
    const result = await convergeSubscription(tx, { sub, version, userId, now: input.now });
    return result.changed
      ? { status: "applied", note: `plan ${result.plan}` }
      : { status: "applied", note: "older than the state already applied" };
  },
};
