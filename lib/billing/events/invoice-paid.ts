// invoice.paid: the period's allowance (one grant per invoice, expiring at the period end), then
// the subscription converges on Stripe's current state when Stripe is reachable.
import { resolveUserId } from "@/lib/billing/customers";
import type { EventHandler } from "@/lib/billing/events/types";
import { seconds } from "@/lib/billing/events/types";
import { applyInvoicePaid } from "@/lib/billing/purchases";
import { tryStripe } from "@/lib/billing/stripe-client";
import { Invoice, idOf, invoiceSubscriptionId, Subscription } from "@/lib/billing/stripe-objects";
import { convergeSubscription } from "@/lib/billing/subscriptions";

export const invoicePaid: EventHandler = {
  lockKey: (object) => `invoice:${Invoice.parse(object).id}`,

  async load(object) {
    const subscriptionId = invoiceSubscriptionId(Invoice.parse(object));
    return subscriptionId ? tryStripe((stripe) => stripe.subscriptions.retrieve(subscriptionId)) : null;
  },

  async apply(tx, input, loaded) {
    const invoice = Invoice.parse(input.object);
    const userId = await resolveUserId(tx, {
      customerId: idOf(invoice.customer),
      metadataUserId: invoice.parent?.subscription_details?.metadata?.userId,
    });
    if (!userId) return { status: "ignored", note: "unknown customer" };
    const result = await applyInvoicePaid(tx, { invoice, userId, now: input.now });
    const current = loaded ? Subscription.safeParse(loaded) : null;
    if (current?.success) {
      await convergeSubscription(tx, {
        sub: current.data,
        version: seconds(input.now),
        userId,
        now: input.now,
      });
    }
    return result;
  },
};
