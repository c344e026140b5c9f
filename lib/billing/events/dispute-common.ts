// What both dispute events need: the purchase the disputed charge paid for, and its user.

import type { LockedPayment } from "@/lib/billing/clawbacks";
import { lockPaymentByIntent } from "@/lib/billing/clawbacks";
import { resolveUserId } from "@/lib/billing/customers";
import type { Tx } from "@/lib/billing/db-types";
import { RetryLater } from "@/lib/billing/events/types";
import { tryStripe } from "@/lib/billing/stripe-client";
import type { Dispute } from "@/lib/billing/stripe-objects";
import { Charge, idOf } from "@/lib/billing/stripe-objects";

export const disputeLockKey = (dispute: Dispute) =>
  `payment:${idOf(dispute.payment_intent) ?? idOf(dispute.charge)}`;

/** Outside the transaction: the disputed charge from Stripe (to find its customer), if reachable. */
export async function loadDisputedCharge(dispute: Dispute): Promise<unknown> {
  const chargeId = idOf(dispute.charge);
  return chargeId ? tryStripe((stripe) => stripe.charges.retrieve(chargeId)) : null;
}

export async function disputeTarget(
  tx: Tx,
  dispute: Dispute,
  loaded: unknown,
): Promise<{ userId: string; payment: LockedPayment | null }> {
  const paymentIntentId = idOf(dispute.payment_intent);
  const payment = paymentIntentId ? await lockPaymentByIntent(tx, paymentIntentId) : null;
  if (payment) return { userId: payment.userId, payment };
  const charge = loaded ? Charge.safeParse(loaded) : null;
  const userId = charge?.success ? await resolveUserId(tx, { customerId: idOf(charge.data.customer) }) : null;
  if (userId) return { userId, payment: null };
  throw new RetryLater(`no purchase recorded for disputed charge ${idOf(dispute.charge)} yet`);
}
