// The crediting effects: a paid top-up checkout grants the intent's PT (after checking the amount
// paid, less any tax added on top, against the intent), a paid subscription invoice grants the
// period's allowance, expiring at the period end. Each payment is stored with its tax and the
// buyer's billing details (lib/billing/tax.ts). Each runs inside the caller's transaction; the ledger key (session or invoice
// id) and Payment.sourceId make a second application a no-op.

import { productForPriceId } from "@/lib/billing/catalog";
import type { Tx } from "@/lib/billing/db-types";
import type { EffectResult } from "@/lib/billing/events/types";
import { notifyAdmins, notifyInvoicePaid, notifyPurchaseCompleted } from "@/lib/billing/notify";
import type { CheckoutSession, Invoice, InvoiceLine } from "@/lib/billing/stripe-objects";
import { idOf, invoiceSubscriptionId, linePriceId } from "@/lib/billing/stripe-objects";
import { recomputeUserPlan } from "@/lib/billing/subscriptions";
import { invoiceTax, sessionTax } from "@/lib/billing/tax";
import { ENTITLEMENTS } from "@/lib/entitlements";
import { grantCredits } from "@/lib/ledger/grants";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";

/** The intent a session was opened for (by session id, or the intentId we put in metadata). */
/** The payment a top-up credit names: its payment intent (the session id when Stripe gave none). */
export function topupPaymentId(session: {
  id: string;
  payment_intent?: string | { id: string } | null;
}): string {
  const intent = session.payment_intent;
  return (typeof intent === "string" ? intent : intent?.id) ?? session.id;
}

export async function intentForSession(tx: Tx, session: CheckoutSession, userId: string) {
  const byId = session.metadata?.intentId;
  return tx.checkoutIntent.findFirst({
    where: {
      userId,
      OR: [{ stripeSessionId: session.id }, ...(byId && /^[0-9a-f-]{36}$/i.test(byId) ? [{ id: byId }] : [])],
    },
  });
}

/**
 * A paid top-up session against its intent (users' and teams'): with Stripe Tax the total is the
 * price plus tax (exclusive prices) or the price itself (inclusive prices); either way, without the
 * tax added on top it must be what the intent asked, in its currency. A mismatch holds the intent
 * for review with an admin alert, and returns null.
 */
export async function checkTopupPaid(
  tx: Tx,
  input: {
    session: CheckoutSession;
    intent: { id: string; status: string; expectedAmountMinor: bigint; currency: string };
    owner: Record<string, string>;
  },
) {
  const { session, intent } = input;
  const paid = BigInt(session.amount_total ?? -1);
  const currency = (session.currency ?? "").toLowerCase();
  const tax = sessionTax(session);
  const priced = paid === intent.expectedAmountMinor || paid - tax.taxMinor === intent.expectedAmountMinor;
  if (priced && currency === intent.currency) return { paid, currency, tax };
  if (intent.status === "pending") {
    await tx.checkoutIntent.update({ where: { id: intent.id }, data: { status: "review", openKey: null } });
    await notifyAdmins(tx, {
      alert: "amount_mismatch",
      dedupeKey: `amount_mismatch:${session.id}`,
      data: {
        sessionId: session.id,
        ...input.owner,
        expected: `${intent.expectedAmountMinor} ${intent.currency}`,
        paid: `${paid} ${currency}`,
      },
    });
  }
  return null;
}

export async function applyTopup(
  tx: Tx,
  input: { session: CheckoutSession; userId: string; now: Date },
): Promise<EffectResult> {
  const { session, userId } = input;
  if (session.payment_status !== "paid") return { status: "ignored", note: "payment not completed yet" };
  const intent = await intentForSession(tx, session, userId);
  if (intent?.kind !== "pack") return { status: "ignored", note: "no top-up intent for this session" };
  const checked = await checkTopupPaid(tx, { session, intent, owner: { userId } });
  if (!checked) return { status: "ignored", note: "amount paid does not match the intent: held for review" };
  const { paid, currency, tax } = checked;
  const grant = await grantCredits(tx, {
    account: { kind: "user", userId },
    amount: intent.expectedPt,
    source: "purchase",
    key: `topup:${session.id}`,
    actor: "stripe",
    metadata: {
      sessionId: session.id,
      intentId: intent.id,
      pack: intent.productId,
      // The reconciliation's contract: the payment this credit stands for (see ledger-credits.ts).
      paymentId: topupPaymentId(session),
      amountMinor: paid.toString(),
      // The tax in amountMinor: not revenue (the usage margin counts amountMinor - taxMinor).
      taxMinor: tax.taxMinor.toString(),
      currency,
    },
  });
  const description = `Top-up: ${intent.productId}`;
  await tx.payment.createMany({
    data: [
      {
        userId,
        kind: "topup",
        sourceId: session.id,
        paymentIntentId: idOf(session.payment_intent),
        amountMinor: paid,
        currency,
        ...tax,
        pt: intent.expectedPt,
        grantId: grant.grantId,
        description,
      },
    ],
    skipDuplicates: true,
  });
  await tx.checkoutIntent.updateMany({
    where: { id: intent.id, status: { not: "completed" } },
    data: { status: "completed", openKey: null, completedAt: input.now, stripeSessionId: session.id },
  });
  if (grant.created) {
    const payment = await tx.payment.findUniqueOrThrow({
      where: { sourceId: session.id },
      select: { id: true },
    });
    await notifyPurchaseCompleted(tx, {
      userId,
      sourceId: session.id,
      paymentId: payment.id,
      pt: intent.expectedPt,
      description,
      amountMinor: paid,
      taxMinor: tax.taxMinor,
      taxLabel: tax.taxLabel,
      currency,
      reference: topupPaymentId(session),
      paidAt: input.now,
    });
  }
  return { status: "applied", note: grant.created ? undefined : "already credited" };
}

type PlanLine = { line: InvoiceLine; plan: "pro" | "max" };

function planLines(invoice: Invoice): PlanLine[] {
  const out: PlanLine[] = [];
  for (const line of invoice.lines.data) {
    const product = productForPriceId(linePriceId(line));
    if (product?.kind === "plan") out.push({ line, plan: product.id });
  }
  return out;
}

/**
 * The allowance a paid invoice carries: the plan's monthly PT for a new period; on a proration
 * invoice (plan switch mid-period) only the increase over the old plan's allowance.
 */
export function invoiceAllowance(
  invoice: Invoice,
): { pt: bigint; plan: "pro" | "max"; periodEnd: Date } | null {
  const lines = planLines(invoice);
  const current = lines
    .filter((l) => l.line.amount >= 0)
    .sort((a, b) => b.line.period.end - a.line.period.end)[0];
  if (!current) return null;
  const periodEnd = new Date(current.line.period.end * 1000);
  const allowance = ENTITLEMENTS[current.plan].monthlyAllowancePt;
  const previous = lines.find((l) => l.line.amount < 0);
  if (invoice.billing_reason === "subscription_update" && previous) {
    const increase = allowance - ENTITLEMENTS[previous.plan].monthlyAllowancePt;
    return { pt: increase > 0n ? increase : 0n, plan: current.plan, periodEnd };
  }
  return { pt: allowance, plan: current.plan, periodEnd };
}

export async function applyInvoicePaid(
  tx: Tx,
  input: { invoice: Invoice; userId: string; now: Date; taxRateLabels?: Map<string, string> },
): Promise<EffectResult> {
  const { invoice, userId } = input;
  const tax = invoiceTax(invoice, input.taxRateLabels);
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { status: "ignored", note: "not a subscription invoice" };
  const allowance = invoiceAllowance(invoice);
  if (!allowance) return { status: "ignored", note: "invoice has no known plan line" };
  if (allowance.pt === 0n) return { status: "ignored", note: "no allowance increase on this invoice" };
  const grant = await grantCredits(tx, {
    account: { kind: "user", userId },
    amount: allowance.pt,
    source: "allowance",
    expiresAt: allowance.periodEnd,
    key: `allowance:${invoice.id}`,
    actor: "stripe",
    metadata: {
      invoiceId: invoice.id,
      subscriptionId,
      plan: allowance.plan,
      paymentId: invoice.id,
      amountMinor: String(invoice.amount_paid),
      taxMinor: tax.taxMinor.toString(),
      currency: invoice.currency.toLowerCase(),
    },
  });
  const paymentIntentId = idOf(invoice.payments?.data[0]?.payment?.payment_intent);
  await tx.payment.createMany({
    data: [
      {
        userId,
        kind: "subscription",
        sourceId: invoice.id,
        paymentIntentId,
        amountMinor: BigInt(invoice.amount_paid),
        currency: invoice.currency.toLowerCase(),
        ...tax,
        pt: allowance.pt,
        grantId: grant.grantId,
        subscriptionId,
        periodEnd: allowance.periodEnd,
        description: `${ENTITLEMENTS[allowance.plan].name} plan allowance`,
      },
    ],
    skipDuplicates: true,
  });
  if (grant.created) {
    await notifyInvoicePaid(tx, {
      userId,
      invoiceId: invoice.id,
      amountMinor: BigInt(invoice.amount_paid),
      currency: invoice.currency,
      description: `${ENTITLEMENTS[allowance.plan].name} plan`,
      periodEnd: allowance.periodEnd,
      invoiceUrl: invoice.hosted_invoice_url,
    });
    await emitWebhookEvent(tx, {
      type: "payment.succeeded",
      userId,
      key: invoice.id,
      data: {
        kind: "subscription",
        invoiceId: invoice.id,
        subscriptionId,
        plan: allowance.plan,
        pt: allowance.pt,
        amountMinor: BigInt(invoice.amount_paid),
        currency: invoice.currency.toLowerCase(),
      },
    });
  }
  // A paid period may extend what a canceled or unpaid subscription still entitles.
  await recomputeUserPlan(tx, userId, input.now);
  return { status: "applied", note: grant.created ? undefined : "already granted" };
}
