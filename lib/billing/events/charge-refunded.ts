// charge.refunded: claw back the refunded share of the purchase's PT (cumulative, so partial
// refunds in any order converge). A charge of a known customer whose purchase is not recorded
// yet is retried (the crediting event may still be on its way); any other charge is ignored.

import { applyRefund, lockPaymentByIntent } from "@/lib/billing/clawbacks";
import { resolveUserId } from "@/lib/billing/customers";
import type { EventHandler } from "@/lib/billing/events/types";
import { RetryLater } from "@/lib/billing/events/types";
import { Charge, idOf } from "@/lib/billing/stripe-objects";

export const chargeRefunded: EventHandler = {
  lockKey: (object) => {
    const charge = Charge.parse(object);
    return `payment:${idOf(charge.payment_intent) ?? charge.id}`;
  },

  async apply(tx, input) {
    const charge = Charge.parse(input.object);
    const paymentIntentId = idOf(charge.payment_intent);
    const payment = paymentIntentId ? await lockPaymentByIntent(tx, paymentIntentId) : null;
    if (!payment) {
      const userId = await resolveUserId(tx, { customerId: idOf(charge.customer) });
      if (!userId) return { status: "ignored", note: "unknown customer" };
      throw new RetryLater(`no purchase recorded for ${paymentIntentId ?? charge.id} yet`);
    }
    return applyRefund(tx, {
      payment,
      chargeId: charge.id,
      amountRefunded: BigInt(charge.amount_refunded),
      chargeAmount: BigInt(charge.amount),
    });
  },
};
