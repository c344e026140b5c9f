// payment_intent.succeeded: credits an auto top-up's off-session charge (auto-topup-run.ts), the
// only way such a charge reaches the ledger, whether Stripe sent it or test mode built it. Checkout
// top-ups are credited by checkout.session.completed and ignored here. Checks the amount and currency
// against the pack; the ledger key (autotopup:<payment intent>) and Payment.sourceId make a replay or
// a concurrent duplicate a no-op, and the receipt and payment.succeeded go out once.
import { z } from "zod";
import { BILLING_CURRENCIES, type BillingCurrency, isPackId, packProduct } from "@/lib/billing/catalog";
import { resolveUserId } from "@/lib/billing/customers";
import type { EventHandler } from "@/lib/billing/events/types";
import { notifyAdmins, notifyPurchaseCompleted } from "@/lib/billing/notify";
import { idOf } from "@/lib/billing/stripe-objects";
import { grantCredits } from "@/lib/ledger/grants";

export const PaymentIntentObject = z.object({
  id: z.string().min(1),
  amount: z.number().int(),
  amount_received: z.number().int().nullish(),
  currency: z.string(),
  customer: z.union([z.string(), z.object({ id: z.string() })]).nullish(),
  status: z.string(),
  metadata: z.record(z.string(), z.string()).nullish(),
  last_payment_error: z.object({ message: z.string().nullish() }).nullish(),
});

export const AUTO_TOPUP_KIND = "auto_topup";

export const paymentIntentSucceeded: EventHandler = {
  lockKey: (object) => `payment_intent:${PaymentIntentObject.parse(object).id}`,

  async apply(tx, input) {
    const pi = PaymentIntentObject.parse(input.object);
    const meta = pi.metadata ?? {};
    if (meta.kind !== AUTO_TOPUP_KIND) return { status: "ignored", note: "not an auto top-up" };
    if (pi.status !== "succeeded") return { status: "ignored", note: `status ${pi.status}` };
    const userId = await resolveUserId(tx, { customerId: idOf(pi.customer), metadataUserId: meta.userId });
    if (!userId) return { status: "ignored", note: "unknown customer" };
    const charge = meta.chargeId
      ? await tx.autoTopUpCharge.findFirst({ where: { id: meta.chargeId, userId } })
      : null;
    if (!charge || !isPackId(charge.pack)) return { status: "ignored", note: "no auto top-up charge" };
    const paid = BigInt(pi.amount_received ?? pi.amount);
    const currency = pi.currency.toLowerCase();
    const known = (BILLING_CURRENCIES as readonly string[]).includes(currency);
    const pack = packProduct(charge.pack, known ? (currency as BillingCurrency) : undefined);
    if (!known || paid !== pack.amountMinor) {
      await notifyAdmins(tx, {
        alert: "amount_mismatch",
        dedupeKey: `amount_mismatch:${pi.id}`,
        data: {
          paymentIntentId: pi.id,
          userId,
          expected: `${pack.amountMinor} ${currency}`,
          paid: `${paid} ${currency}`,
        },
      });
      return { status: "ignored", note: "amount paid does not match the pack: held for review" };
    }
    const grant = await grantCredits(tx, {
      account: { kind: "user", userId },
      amount: pack.pt,
      source: "purchase",
      key: `autotopup:${pi.id}`,
      actor: "stripe",
      metadata: {
        chargeId: charge.id,
        pack: charge.pack,
        // The reconciliation's contract: the payment this credit stands for.
        paymentId: pi.id,
        amountMinor: paid.toString(),
        taxMinor: "0",
        currency,
      },
    });
    const description = `Auto top-up: ${charge.pack}`;
    await tx.payment.createMany({
      data: [
        {
          userId,
          kind: "topup",
          sourceId: pi.id,
          paymentIntentId: pi.id,
          amountMinor: paid,
          currency,
          pt: pack.pt,
          grantId: grant.grantId,
          description,
        },
      ],
      skipDuplicates: true,
    });
    await tx.autoTopUpCharge.updateMany({
      where: { id: charge.id, status: { not: "succeeded" } },
      data: { status: "succeeded", paymentIntentId: pi.id, error: null },
    });
    if (grant.created) {
      const payment = await tx.payment.findUniqueOrThrow({
        where: { sourceId: pi.id },
        select: { id: true },
      });
      await notifyPurchaseCompleted(tx, {
        userId,
        sourceId: pi.id,
        paymentId: payment.id,
        pt: pack.pt,
        description,
        amountMinor: paid,
        taxMinor: 0n,
        taxLabel: null,
        currency,
        reference: pi.id,
        paidAt: input.now,
      });
    }
    return { status: "applied", note: grant.created ? undefined : "already credited" };
  },
};
