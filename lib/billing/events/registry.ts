// Event type → handler. Types not listed are stored and marked ignored.
import { chargeDisputeClosed } from "@/lib/billing/events/charge-dispute-closed";
import { chargeDisputeCreated } from "@/lib/billing/events/charge-dispute-created";
import { chargeRefunded } from "@/lib/billing/events/charge-refunded";
import { checkoutSessionCompleted } from "@/lib/billing/events/checkout-session-completed";
import { checkoutSessionExpired } from "@/lib/billing/events/checkout-session-expired";
import { customerSubscriptionUpdated } from "@/lib/billing/events/customer-subscription-updated";
import { invoicePaid } from "@/lib/billing/events/invoice-paid";
import { invoicePaymentFailed } from "@/lib/billing/events/invoice-payment-failed";
import { paymentIntentPaymentFailed } from "@/lib/billing/events/payment-intent-payment-failed";
import { paymentIntentSucceeded } from "@/lib/billing/events/payment-intent-succeeded";
import type { EventHandler } from "@/lib/billing/events/types";

export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  "checkout.session.completed": checkoutSessionCompleted,
  "checkout.session.async_payment_succeeded": checkoutSessionCompleted,
  "checkout.session.expired": checkoutSessionExpired,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
  "customer.subscription.created": customerSubscriptionUpdated,
  "customer.subscription.updated": customerSubscriptionUpdated,
  "customer.subscription.deleted": customerSubscriptionUpdated,
  "charge.refunded": chargeRefunded,
  "charge.dispute.created": chargeDisputeCreated,
  "charge.dispute.closed": chargeDisputeClosed,
  // Auto top-up's off-session charges only (checkout top-ups come with checkout.session.completed).
  "payment_intent.succeeded": paymentIntentSucceeded,
  "payment_intent.payment_failed": paymentIntentPaymentFailed,
};

export function handlerFor(type: string): EventHandler | undefined {
  return Object.hasOwn(EVENT_HANDLERS, type) ? EVENT_HANDLERS[type] : undefined;
}
