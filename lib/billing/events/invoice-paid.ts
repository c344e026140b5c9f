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
import { knownTaxRateLabels, taxRateLabel, unknownTaxRateIds } from "@/lib/billing/tax";

export const invoicePaid: EventHandler = {
  lockKey: (object) => `invoice:${Invoice.parse(object).id}`,

  async load(object) {
    const event = Invoice.parse(object);
    const subscriptionId = invoiceSubscriptionId(event);
    // Webhook payloads omit invoice.payments (it is includable only): fetch it, so the payment
    // intent is recorded and a later refund or dispute of this charge finds its purchase.
    // Stripe Tax names its rates only by id on the invoice: their names, for the receipt.
    const [subscription, invoice, taxRates] = await Promise.all([
      subscriptionId ? tryStripe((stripe) => stripe.subscriptions.retrieve(subscriptionId)) : null,
      event.payments?.data.length
        ? null
        : tryStripe((stripe) => stripe.invoicePayments.list({ invoice: event.id, limit: 10 })),
      Promise.all(unknownTaxRateIds(event).map((id) => tryStripe((stripe) => stripe.taxRates.retrieve(id)))),
    ]);
    return { subscription, payments: invoice, taxRates };
  },

  async apply(tx, input, loaded) {
    const fromEvent = Invoice.parse(input.object);
    const { subscription, payments, taxRates } = (loaded ?? {}) as {
      subscription?: unknown;
      payments?: unknown;
      taxRates?: ({
        id: string;
        display_name?: string | null;
        percentage?: number | null;
        jurisdiction?: string | null;
      } | null)[];
    };
    const labels = knownTaxRateLabels();
    for (const rate of taxRates ?? []) if (rate) labels.set(rate.id, taxRateLabel(rate));
    const listed = payments ? InvoicePayments.safeParse(payments) : null;
    const invoice = listed?.success ? { ...fromEvent, payments: listed.data } : fromEvent;
    const userId = await resolveUserId(tx, {
      customerId: idOf(invoice.customer),
      metadataUserId: invoice.parent?.subscription_details?.metadata?.userId,
    });
    if (!userId) return { status: "ignored", note: "unknown customer" };
    const result = await applyInvoicePaid(tx, { invoice, userId, now: input.now, taxRateLabels: labels });
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
