// invoice.paid: the period's allowance (one grant per invoice, expiring at the period end), then
// the subscription converges on Stripe's current state when Stripe is reachable.
import { resolveUserId } from "@/lib/billing/customers";
import type { EventHandler } from "@/lib/billing/events/types";
import { seconds } from "@/lib/billing/events/types";
import { applyInvoicePaid } from "@/lib/billing/purchases";
import { tryStripe } from "@/lib/billing/stripe-client";
import {
  Invoice,
  InvoicePayments,
  idOf,
  invoiceSubscriptionId,
  Subscription,
} from "@/lib/billing/stripe-objects";
import { convergeSubscription } from "@/lib/billing/subscriptions";

export const invoicePaid: EventHandler = {
  lockKey: (object) => `invoice:${Invoice.parse(object).id}`,

  async load(object) {
    const event = Invoice.parse(object);
    const subscriptionId = invoiceSubscriptionId(event);
    // Webhook payloads omit invoice.payments (it is includable only): fetch it, so the payment
    // intent is recorded and a later refund or dispute of this charge finds its purchase.
    const [subscription, invoice] = await Promise.all([
      subscriptionId ? tryStripe((stripe) => stripe.subscriptions.retrieve(subscriptionId)) : null,
      event.payments?.data.length
        ? null
        : tryStripe((stripe) => stripe.invoicePayments.list({ invoice: event.id, limit: 10 })),
    ]);
    return { subscription, payments: invoice };
  },

  async apply(tx, input, loaded) {
    const fromEvent = Invoice.parse(input.object);
    const { subscription, payments } = (loaded ?? {}) as { subscription?: unknown; payments?: unknown };
    const listed = payments ? InvoicePayments.safeParse(payments) : null;
    const invoice = listed?.success ? { ...fromEvent, payments: listed.data } : fromEvent;
    const userId = await resolveUserId(tx, {
      customerId: idOf(invoice.customer),
      metadataUserId: invoice.parent?.subscription_details?.metadata?.userId,
    });
    if (!userId) return { status: "ignored", note: "unknown customer" };
    const result = await applyInvoicePaid(tx, { invoice, userId, now: input.now });
    const current = subscription ? Subscription.safeParse(subscription) : null;
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
