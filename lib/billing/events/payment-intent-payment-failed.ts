// payment_intent.payment_failed: an auto top-up charge that failed after it was submitted (a payment
// method that settles later, a bank that declined late). The charge is marked failed and auto
// top-up turned off, with an email and an in-app notice, as when the charge fails at once. Other
// payment intents (checkout's) are ignored: Checkout reports its own failures.

import { recordChargeFailure } from "@/lib/billing/auto-topup-notify";
import { resolveUserId } from "@/lib/billing/customers";
import { AUTO_TOPUP_KIND, PaymentIntentObject } from "@/lib/billing/events/payment-intent-succeeded";
import type { EventHandler } from "@/lib/billing/events/types";
import { idOf } from "@/lib/billing/stripe-objects";

export const paymentIntentPaymentFailed: EventHandler = {
  lockKey: (object) => `payment_intent:${PaymentIntentObject.parse(object).id}`,

  async apply(tx, input) {
    const pi = PaymentIntentObject.parse(input.object);
    const meta = pi.metadata ?? {};
    if (meta.kind !== AUTO_TOPUP_KIND) return { status: "ignored", note: "not an auto top-up" };
    const userId = await resolveUserId(tx, { customerId: idOf(pi.customer), metadataUserId: meta.userId });
    const charge =
      userId && meta.chargeId
        ? await tx.autoTopUpCharge.findFirst({ where: { id: meta.chargeId, userId } })
        : null;
    if (!charge) return { status: "ignored", note: "no auto top-up charge" };
    if (charge.status === "succeeded" || charge.status === "failed")
      return { status: "ignored", note: `charge already ${charge.status}` };
    const reason = pi.last_payment_error?.message?.trim() || "The payment failed.";
    await recordChargeFailure(tx, charge, reason.slice(0, 300));
    return { status: "applied" };
  },
};
