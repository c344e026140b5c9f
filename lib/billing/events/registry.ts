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
import {
  teamAutoTopUpFailed,
  teamAutoTopUpSucceeded,
  teamCheckoutCompleted,
  teamInvoicePaid,
  teamInvoicePaymentFailed,
  teamSubscriptionUpdated,
  withTeamBranch,
} from "@/lib/billing/events/team-branch";
import type { EventHandler } from "@/lib/billing/events/types";

// Team purchases (a team's customer, or metadata naming a team) take the team effects.
const checkoutCompleted = withTeamBranch(checkoutSessionCompleted, teamCheckoutCompleted);
const subscriptionUpdated = withTeamBranch(customerSubscriptionUpdated, teamSubscriptionUpdated);

export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  "checkout.session.completed": checkoutCompleted,
  "checkout.session.async_payment_succeeded": checkoutCompleted,
  "checkout.session.expired": checkoutSessionExpired,
  "invoice.paid": withTeamBranch(invoicePaid, teamInvoicePaid),
  "invoice.payment_failed": withTeamBranch(invoicePaymentFailed, teamInvoicePaymentFailed),
  "customer.subscription.created": subscriptionUpdated,
  "customer.subscription.updated": subscriptionUpdated,
  "customer.subscription.deleted": subscriptionUpdated,
  "charge.refunded": chargeRefunded,
  "charge.dispute.created": chargeDisputeCreated,
  "charge.dispute.closed": chargeDisputeClosed,
  // Auto top-up's off-session charges only (checkout top-ups come with checkout.session.completed).
  "payment_intent.succeeded": withTeamBranch(paymentIntentSucceeded, teamAutoTopUpSucceeded),
  "payment_intent.payment_failed": withTeamBranch(paymentIntentPaymentFailed, teamAutoTopUpFailed),
};

export function handlerFor(type: string): EventHandler | undefined {
  return Object.hasOwn(EVENT_HANDLERS, type) ? EVENT_HANDLERS[type] : undefined;
}
