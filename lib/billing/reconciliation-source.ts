// The Stripe side of the nightly payments check: completed top-up checkouts (keyed by payment
// intent), auto top-ups' succeeded off-session payment intents and paid invoices (keyed by invoice
// id) of a window, with the user each belongs to, and a heal that runs the very effect the webhook /
// payment sync runs (checkout.session.completed, payment_intent.succeeded or invoice.paid), so it is
// idempotent on the payment. Undefined in test mode (no Stripe).
import type Stripe from "stripe";
import { isTestMode } from "@/lib/billing/catalog";
import { AUTO_TOPUP_KIND } from "@/lib/billing/events/payment-intent-succeeded";
import { topupPaymentId } from "@/lib/billing/purchases";
import { getStripe } from "@/lib/billing/stripe-client";
import { applyStripeObject } from "@/lib/billing/sync";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Range } from "@/lib/periods";
import type { PaymentsSource, StripePayment } from "@/lib/reconciliation/payments";

const MAX_OBJECTS = 5_000;

const idOf = (ref: string | { id: string } | null | undefined): string | null =>
  ref ? (typeof ref === "string" ? ref : ref.id) : null;

export function stripePaymentsSource(db: PrismaClient): PaymentsSource | undefined {
  const stripe = getStripe();
  if (isTestMode() || !stripe) return undefined;
  // What listPayments saw, so heal applies the exact object (session or invoice) it reported.
  const seen = new Map<
    string,
    { type: string; object: Stripe.Checkout.Session | Stripe.Invoice | Stripe.PaymentIntent }
  >();

  async function userOf(customer: string | null, fallback?: string | null): Promise<string | null> {
    if (customer) {
      const row = await db.billingCustomer.findUnique({
        where: { stripeCustomerId: customer },
        select: { userId: true },
      });
      if (row) return row.userId;
      // A team's purchase credits the team's pool, whose ledger owner is the team: compared as such.
      const team = await db.team.findUnique({ where: { stripeCustomerId: customer }, select: { id: true } });
      if (team) return team.id;
    }
    if (!fallback) return null;
    const user = await db.user
      .findUnique({ where: { id: fallback }, select: { id: true } })
      .catch(() => null);
    return user?.id ?? null;
  }

  return {
    async listPayments(range: Range): Promise<StripePayment[]> {
      const created = {
        gte: Math.floor(range.from.getTime() / 1000),
        lt: Math.ceil(range.to.getTime() / 1000),
      };
      const out: StripePayment[] = [];
      let count = 0;
      for await (const session of stripe.checkout.sessions.list({
        created,
        status: "complete",
        limit: 100,
      })) {
        if (++count > MAX_OBJECTS) break;
        if (session.mode !== "payment" || session.payment_status === "unpaid") continue;
        const userId = await userOf(idOf(session.customer), session.client_reference_id);
        if (!userId) continue;
        const paymentId = topupPaymentId(session);
        seen.set(paymentId, { type: "checkout.session.completed", object: session });
        out.push({
          paymentId,
          kind: "charge",
          userId,
          amountMinor: BigInt(session.amount_total ?? 0),
          currency: (session.currency ?? "").toLowerCase(),
          createdAt: new Date(session.created * 1000),
        });
      }
      count = 0;
      // Auto top-ups charge off-session, with no checkout session: their payment intents.
      for await (const intent of stripe.paymentIntents.list({ created, limit: 100 })) {
        if (++count > MAX_OBJECTS) break;
        if (intent.status !== "succeeded" || intent.metadata?.kind !== AUTO_TOPUP_KIND) continue;
        const userId = await userOf(idOf(intent.customer), intent.metadata.userId);
        if (!userId) continue;
        seen.set(intent.id, { type: "payment_intent.succeeded", object: intent });
        out.push({
          paymentId: intent.id,
          kind: "charge",
          userId,
          amountMinor: BigInt(intent.amount_received),
          currency: intent.currency.toLowerCase(),
          createdAt: new Date(intent.created * 1000),
        });
      }
      count = 0;
      for await (const invoice of stripe.invoices.list({ status: "paid", created, limit: 100 })) {
        if (++count > MAX_OBJECTS) break;
        if (!invoice.id) continue;
        const userId = await userOf(idOf(invoice.customer));
        if (!userId) continue;
        seen.set(invoice.id, { type: "invoice.paid", object: invoice });
        out.push({
          paymentId: invoice.id,
          kind: "invoice",
          userId,
          amountMinor: BigInt(invoice.amount_paid),
          currency: invoice.currency.toLowerCase(),
          createdAt: new Date(invoice.created * 1000),
        });
      }
      return out;
    },

    async heal(payment: StripePayment) {
      const entry = seen.get(payment.paymentId);
      if (!entry) throw new Error(`payment ${payment.paymentId} was not listed by this source`);
      const created = await applyStripeObject(db, entry.type, entry.object as { id: string }, new Date());
      return { created };
    },
  };
}
