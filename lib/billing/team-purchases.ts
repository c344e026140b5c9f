// The crediting effects of team purchases, run by the webhook (events/team-branch.ts) inside the
// event's transaction: a paid team top-up grants its pack's PT to the team's pool, a paid seat
// invoice grants seats × PT per seat (a proration invoice only the added seats), expiring at the
// period end. The ledger key (session or invoice id) and Payment.sourceId make a replay a no-op.
// Receipts and invoice mails go to the team's billing email.
import { appUrl } from "@/lib/app-url";
import type { Tx } from "@/lib/billing/db-types";
import type { EffectResult } from "@/lib/billing/events/types";
import { hostedInvoiceUrl } from "@/lib/billing/notify";
import { checkTopupPaid, topupPaymentId } from "@/lib/billing/purchases";
import type { CheckoutSession, Invoice } from "@/lib/billing/stripe-objects";
import { idOf, invoiceSubscriptionId, linePriceId } from "@/lib/billing/stripe-objects";
import { invoiceTax } from "@/lib/billing/tax";
import { isTeamSeatPrice } from "@/lib/billing/team-catalog";
import { teamBillingEmail } from "@/lib/billing/team-customer";
import { enqueueEmail } from "@/lib/email/enqueue";
import { TEAM_PLAN } from "@/lib/entitlements";
import { grantCredits } from "@/lib/ledger/grants";
import { teamAccount } from "@/lib/teams/admission-gate";
import { auditTeam } from "@/lib/teams/audit";

export type TeamPurchase = {
  teamId: string;
  buyerId: string;
  sourceId: string;
  description: string;
  amountMinor: bigint;
  taxMinor: bigint;
  taxLabel: string | null;
  currency: string;
  pt: bigint;
  paidAt: Date;
  reference: string;
};

/** A team top-up credited (once): the audit entry and the receipt at the team's billing email. */
export async function teamPurchased(tx: Tx, p: TeamPurchase): Promise<void> {
  await auditTeam(tx, p.buyerId, p.teamId, "team.purchase", {
    description: p.description,
    amountMinor: p.amountMinor,
    currency: p.currency,
    pt: p.pt,
  });
  const to = await teamBillingEmail(tx, p.teamId);
  if (!to) return;
  await enqueueEmail(tx, {
    to,
    template: "purchase-receipt",
    // Sent to the team's billing address, not to a user who could unsubscribe: the team changes
    // its billing email instead, so the mail is not skippable.
    category: "account",
    dedupeKey: `purchase:${p.sourceId}`,
    data: {
      name: null,
      description: p.description,
      amountMinor: p.amountMinor,
      taxMinor: p.taxMinor,
      taxLabel: p.taxLabel,
      currency: p.currency,
      pt: p.pt,
      paidAt: p.paidAt,
      reference: p.reference,
      balanceUrl: appUrl(`/teams/${p.teamId}/billing`),
    },
  });
}

export async function teamIntentForSession(tx: Tx, session: CheckoutSession, teamId: string) {
  const byId = session.metadata?.intentId;
  return tx.checkoutIntent.findFirst({
    where: {
      teamId,
      OR: [{ stripeSessionId: session.id }, ...(byId && /^[0-9a-f-]{36}$/i.test(byId) ? [{ id: byId }] : [])],
    },
  });
}

export async function applyTeamTopup(
  tx: Tx,
  input: { session: CheckoutSession; teamId: string; now: Date },
): Promise<EffectResult> {
  const { session, teamId } = input;
  if (session.payment_status !== "paid") return { status: "ignored", note: "payment not completed yet" };
  const intent = await teamIntentForSession(tx, session, teamId);
  if (intent?.kind !== "pack") return { status: "ignored", note: "no team top-up intent for this session" };
  const checked = await checkTopupPaid(tx, { session, intent, owner: { teamId } });
  if (!checked) return { status: "ignored", note: "amount paid does not match the intent: held for review" };
  const { paid, currency, tax } = checked;
  const paymentId = topupPaymentId(session);
  const grant = await grantCredits(tx, {
    account: teamAccount(teamId),
    amount: intent.expectedPt,
    source: "purchase",
    key: `topup:${session.id}`,
    actor: "stripe",
    metadata: {
      sessionId: session.id,
      intentId: intent.id,
      teamId,
      buyerId: intent.userId,
      pack: intent.productId,
      paymentId,
      amountMinor: paid.toString(),
      taxMinor: tax.taxMinor.toString(),
      currency,
    },
  });
  const description = `Team top-up: ${intent.productId}`;
  await tx.payment.createMany({
    data: [
      {
        userId: intent.userId,
        teamId,
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
  if (grant.created)
    await teamPurchased(tx, {
      teamId,
      buyerId: intent.userId,
      sourceId: session.id,
      description,
      amountMinor: paid,
      taxMinor: tax.taxMinor,
      taxLabel: tax.taxLabel,
      currency,
      pt: intent.expectedPt,
      paidAt: input.now,
      reference: paymentId,
    });
  return { status: "applied", note: grant.created ? undefined : "already credited" };
}

/**
 * The pooled allowance a paid seat invoice carries: seats × PT per seat for a new period; on a
 * proration invoice (seats added mid-period) only the added seats' — the newest positive seat
 * line's quantity less the credited (negative) line's.
 */
export function teamInvoiceAllowance(
  invoice: Invoice,
): { pt: bigint; seats: number; periodEnd: Date } | null {
  const lines = invoice.lines.data.filter((l) => isTeamSeatPrice(linePriceId(l)));
  const current = lines.filter((l) => l.amount >= 0).sort((a, b) => b.period.end - a.period.end)[0];
  if (!current) return null;
  const seats = current.quantity ?? 1;
  const periodEnd = new Date(current.period.end * 1000);
  const previous = lines.find((l) => l.amount < 0);
  if (invoice.billing_reason === "subscription_update" && previous) {
    const added = seats - (previous.quantity ?? 1);
    return { pt: added > 0 ? TEAM_PLAN.ptPerSeatMonthly * BigInt(added) : 0n, seats, periodEnd };
  }
  return { pt: TEAM_PLAN.ptPerSeatMonthly * BigInt(seats), seats, periodEnd };
}

export async function applyTeamInvoicePaid(
  tx: Tx,
  input: {
    invoice: Invoice;
    teamId: string;
    buyerId: string;
    now: Date;
    taxRateLabels?: Map<string, string>;
  },
): Promise<EffectResult> {
  const { invoice, teamId } = input;
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { status: "ignored", note: "not a subscription invoice" };
  const allowance = teamInvoiceAllowance(invoice);
  if (!allowance) return { status: "ignored", note: "invoice has no team seat line" };
  if (allowance.pt === 0n) return { status: "ignored", note: "no allowance increase on this invoice" };
  const tax = invoiceTax(invoice, input.taxRateLabels);
  const currency = invoice.currency.toLowerCase();
  const grant = await grantCredits(tx, {
    account: teamAccount(teamId),
    amount: allowance.pt,
    source: "allowance",
    expiresAt: allowance.periodEnd,
    key: `allowance:${invoice.id}`,
    actor: "stripe",
    metadata: {
      invoiceId: invoice.id,
      subscriptionId,
      teamId,
      plan: "team",
      seats: allowance.seats,
      paymentId: invoice.id,
      amountMinor: String(invoice.amount_paid),
      taxMinor: tax.taxMinor.toString(),
      currency,
    },
  });
  const description = `Team plan allowance (${allowance.seats} seat${allowance.seats === 1 ? "" : "s"})`;
  await tx.payment.createMany({
    data: [
      {
        userId: input.buyerId,
        teamId,
        kind: "subscription",
        sourceId: invoice.id,
        paymentIntentId: idOf(invoice.payments?.data[0]?.payment?.payment_intent),
        amountMinor: BigInt(invoice.amount_paid),
        currency,
        ...tax,
        pt: allowance.pt,
        grantId: grant.grantId,
        subscriptionId,
        periodEnd: allowance.periodEnd,
        description,
      },
    ],
    skipDuplicates: true,
  });
  if (grant.created)
    await auditTeam(tx, input.buyerId, teamId, "team.purchase", {
      description,
      amountMinor: invoice.amount_paid,
      currency,
      pt: allowance.pt,
    });
  if (grant.created && invoice.amount_paid > 0) {
    const to = await teamBillingEmail(tx, teamId);
    if (to)
      await enqueueEmail(tx, {
        to,
        template: "invoice-available",
        category: "account",
        dedupeKey: `invoice:${invoice.id}`,
        data: {
          name: null,
          invoiceId: invoice.id,
          amountMinor: BigInt(invoice.amount_paid),
          currency,
          description,
          periodEnd: allowance.periodEnd,
          invoiceUrl: hostedInvoiceUrl(invoice.hosted_invoice_url),
          billingUrl: appUrl(`/teams/${teamId}/billing`),
        },
      });
  }
  return { status: "applied", note: grant.created ? undefined : "already granted" };
}
