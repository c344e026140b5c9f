// Team purchases ride the same webhook path as a user's: each handler of an event a team purchase
// sends is wrapped so that an object whose customer is a team's (or whose metadata names a team)
// takes the team effect, and everything else the user effect, unchanged. The wrapped handler keeps
// the user handler's load (Stripe's current state) and lock key, so ordering and retries are as for
// users: the event store (unique event id) and the effects' keys make a replay credit nothing more.

import { appUrl } from "@/lib/app-url";
import type { Tx } from "@/lib/billing/db-types";
import type { EffectInput, EffectResult, EventHandler } from "@/lib/billing/events/types";
import { seconds } from "@/lib/billing/events/types";
import { hostedInvoiceUrl, notifyAdmins } from "@/lib/billing/notify";
import {
  CheckoutSession,
  Invoice,
  InvoicePayments,
  idOf,
  invoiceSubscriptionId,
  Subscription,
} from "@/lib/billing/stripe-objects";
import { knownTaxRateLabels, taxRateLabel } from "@/lib/billing/tax";
import { resolveTeamId, teamBillingEmail } from "@/lib/billing/team-customer";
import { applyTeamInvoicePaid, applyTeamTopup, teamIntentForSession } from "@/lib/billing/team-purchases";
import { enqueueEmail } from "@/lib/email/enqueue";

export { teamAutoTopUpFailed, teamAutoTopUpSucceeded } from "@/lib/billing/events/team-auto-topup-events";

import { convergeTeamSubscription } from "@/lib/billing/team-subscriptions";

type TeamApply = (tx: Tx, teamId: string, input: EffectInput, loaded: unknown) => Promise<EffectResult>;

/** The team an event's object belongs to, or null (a user's object). */
async function teamOf(tx: Tx, object: unknown): Promise<string | null> {
  const o = object as { object?: string; customer?: unknown; metadata?: Record<string, string> | null };
  let metadataTeamId = o.metadata?.teamId ?? null;
  if (o.object === "invoice") {
    const invoice = Invoice.safeParse(object);
    metadataTeamId = invoice.success
      ? (invoice.data.parent?.subscription_details?.metadata?.teamId ?? null)
      : null;
  }
  const customerId = idOf(o.customer as Parameters<typeof idOf>[0]);
  return resolveTeamId(tx, { customerId, metadataTeamId });
}

export function withTeamBranch(user: EventHandler, team: TeamApply): EventHandler {
  return {
    lockKey: user.lockKey,
    load: user.load,
    async apply(tx, input, loaded) {
      const teamId = await teamOf(tx, input.object);
      return teamId ? team(tx, teamId, input, loaded) : user.apply(tx, input, loaded);
    },
  };
}

async function buyerOf(tx: Tx, teamId: string, subscriptionId: string, metadataBuyer?: string | null) {
  const row = await tx.teamSubscription.findUnique({
    where: { id: subscriptionId },
    select: { buyerId: true },
  });
  if (row) return row.buyerId;
  if (!metadataBuyer || !/^[0-9a-f-]{36}$/i.test(metadataBuyer)) return null;
  const member = await tx.teamMember.findUnique({
    where: { teamId_userId: { teamId, userId: metadataBuyer } },
    select: { userId: true },
  });
  return member?.userId ?? null;
}

export const teamCheckoutCompleted: TeamApply = async (tx, teamId, input, raw) => {
  const loaded = (raw ?? {}) as { subscription?: unknown; session?: unknown };
  const fromEvent = CheckoutSession.parse(input.object);
  const expanded = loaded.session ? CheckoutSession.safeParse(loaded.session) : null;
  const session = expanded?.success
    ? { ...fromEvent, total_details: expanded.data.total_details ?? fromEvent.total_details }
    : fromEvent;
  if (session.mode === "payment") return applyTeamTopup(tx, { session, teamId, now: input.now });
  if (session.mode !== "subscription") return { status: "ignored", note: `mode ${session.mode}` };
  if (session.payment_status === "unpaid") return { status: "ignored", note: "payment not completed yet" };
  const intent = await teamIntentForSession(tx, session, teamId);
  if (intent && intent.status === "pending")
    await tx.checkoutIntent.update({
      where: { id: intent.id },
      data: { status: "completed", openKey: null, completedAt: input.now, stripeSessionId: session.id },
    });
  const current = loaded.subscription ? Subscription.safeParse(loaded.subscription) : null;
  if (current?.success)
    await convergeTeamSubscription(tx, {
      sub: current.data,
      version: seconds(input.now),
      teamId,
      buyerId: intent?.userId ?? null,
    });
  return { status: "applied" };
};

export const teamSubscriptionUpdated: TeamApply = async (tx, teamId, input, loaded) => {
  const current = loaded ? Subscription.safeParse(loaded) : null;
  const sub = current?.success ? current.data : Subscription.parse(input.object);
  const version = current?.success ? seconds(input.now) : BigInt(input.created);
  const buyerId = await buyerOf(tx, teamId, sub.id, sub.metadata?.buyerId);
  const result = await convergeTeamSubscription(tx, { sub, version, teamId, buyerId });
  return {
    status: "applied",
    note: result.changed ? "team subscription" : "older than the state already applied",
  };
};

export const teamInvoicePaid: TeamApply = async (tx, teamId, input, raw) => {
  const fromEvent = Invoice.parse(input.object);
  const { subscription, payments, taxRates } = (raw ?? {}) as {
    subscription?: unknown;
    payments?: unknown;
    taxRates?: ({
      id: string;
      display_name?: string | null;
      percentage?: number | null;
      jurisdiction?: string | null;
    } | null)[];
  };
  const labels = knownTaxRateLabels();
  for (const rate of taxRates ?? []) if (rate) labels.set(rate.id, taxRateLabel(rate));
  const listed = payments ? InvoicePayments.safeParse(payments) : null;
  const invoice = listed?.success ? { ...fromEvent, payments: listed.data } : fromEvent;
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { status: "ignored", note: "not a subscription invoice" };
  const buyerId = await buyerOf(
    tx,
    teamId,
    subscriptionId,
    invoice.parent?.subscription_details?.metadata?.buyerId,
  );
  if (!buyerId) return { status: "ignored", note: "team invoice without a known buyer" };
  const result = await applyTeamInvoicePaid(tx, {
    invoice,
    teamId,
    buyerId,
    now: input.now,
    taxRateLabels: labels,
  });
  const current = subscription ? Subscription.safeParse(subscription) : null;
  if (current?.success)
    await convergeTeamSubscription(tx, { sub: current.data, version: seconds(input.now), teamId, buyerId });
  return result;
};

/**
 * invoice.payment_failed on a team's seat subscription: past due (Stripe keeps retrying; the seats
 * stay until it gives up), the payment-failed mail to the billing email and an admin alert, once
 * per attempt. The subscription converges on Stripe's state when it was retrieved.
 */
export const teamInvoicePaymentFailed: TeamApply = async (tx, teamId, input, loaded) => {
  const invoice = Invoice.parse(input.object);
  const subscriptionId = invoiceSubscriptionId(invoice);
  const current = loaded ? Subscription.safeParse(loaded) : null;
  if (current?.success) {
    const buyerId = await buyerOf(tx, teamId, current.data.id, current.data.metadata?.buyerId);
    await convergeTeamSubscription(tx, { sub: current.data, version: seconds(input.now), teamId, buyerId });
  } else if (subscriptionId)
    await tx.teamSubscription.updateMany({
      where: {
        id: subscriptionId,
        teamId,
        status: { in: ["active", "trialing"] },
        version: { lte: BigInt(input.created) },
      },
      data: { status: "past_due", version: BigInt(input.created) },
    });
  const attempt = Math.max(1, invoice.attempt_count ?? 1);
  const to = await teamBillingEmail(tx, teamId);
  if (to)
    await enqueueEmail(tx, {
      to,
      template: "payment-failed",
      category: "account",
      dedupeKey: `payment_failed:${invoice.id}:${attempt}`,
      data: {
        name: null,
        amountMinor: BigInt(invoice.amount_due ?? 0),
        currency: invoice.currency,
        attempt,
        invoiceUrl: hostedInvoiceUrl(invoice.hosted_invoice_url),
        billingUrl: appUrl(`/teams/${teamId}/billing`),
      },
    });
  await notifyAdmins(tx, {
    alert: "payment_failed",
    dedupeKey: `payment_failed:${invoice.id}:${attempt}`,
    data: { teamId, invoiceId: invoice.id, subscriptionId, attempt },
  });
  return { status: "applied" };
};
