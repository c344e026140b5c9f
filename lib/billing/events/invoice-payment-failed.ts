// invoice.payment_failed: the subscription is past due (Stripe keeps retrying; the plan stays
// until Stripe gives up), the user is emailed and admins are alerted, once per attempt.
import { resolveUserId } from "@/lib/billing/customers";
import type { EventHandler } from "@/lib/billing/events/types";
import { seconds } from "@/lib/billing/events/types";
import { notifyAdmins, notifyPaymentFailed } from "@/lib/billing/notify";
import { tryStripe } from "@/lib/billing/stripe-client";
import { Invoice, idOf, invoiceSubscriptionId, Subscription } from "@/lib/billing/stripe-objects";
import { announceSubscription, convergeSubscription } from "@/lib/billing/subscriptions";

export const invoicePaymentFailed: EventHandler = {
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
    const subscriptionId = invoiceSubscriptionId(invoice);
    const current = loaded ? Subscription.safeParse(loaded) : null;
    if (current?.success) {
      await convergeSubscription(tx, {
        sub: current.data,
        version: seconds(input.now),
        userId,
        now: input.now,
      });
    } else if (subscriptionId) {
      // Without Stripe's current state: past_due, unless a newer state already arrived.
      const { count } = await tx.billingSubscription.updateMany({
        where: {
          id: subscriptionId,
          userId,
          status: { in: ["active", "trialing"] },
          version: { lte: BigInt(input.created) },
        },
        data: { status: "past_due", version: BigInt(input.created) },
      });
      // This path bypasses convergeSubscription, so it announces the change itself.
      if (count > 0)
        await announceSubscription(tx, { userId, subscriptionId, version: BigInt(input.created) });
    }
    const attempt = invoice.attempt_count ?? 1;
    const amountMinor = BigInt(invoice.amount_due ?? 0);
    await notifyPaymentFailed(tx, {
      userId,
      invoiceId: invoice.id,
      attempt,
      amountMinor,
      currency: invoice.currency,
      invoiceUrl: invoice.hosted_invoice_url,
    });
    await notifyAdmins(tx, {
      alert: "payment_failed",
      dedupeKey: `payment_failed:${invoice.id}:${attempt}`,
      data: { userId, invoiceId: invoice.id, subscriptionId, attempt },
    });
    return { status: "applied" };
  },
};
