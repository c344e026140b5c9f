// invoice.paid in one SQL statement (the common case: a subscription's period paid, no Stripe API
// to consult): the event row inserted as applied (ON CONFLICT DO NOTHING: the insert gates the
// effect, so a duplicate delivery writes nothing), the allowance grant, the Payment row (with its
// tax and the buyer's billing details, as invoicePaid.apply stores them), the invoice-available
// mail's outbox row and the payment.succeeded outgoing-webhook rows, all under the user's ledger
// account lock. The same effect as invoicePaid.apply with recomputeUserPlan, and
// taken only when that recompute provably changes nothing: the invoice's subscription is already
// stored and the user's plan (read under its row lock, so the newest committed) ranks at least as
// high as the subscription's (read under a share lock, so the newest too). A payment only extends
// what its own subscription entitles, so the plan stays. Anything else — Stripe configured (the
// effect converges on its state first), an unknown customer or account, a new subscription, a grant
// key already used — writes nothing here and takes the general path (store, claim, transaction).
import { randomUUID } from "node:crypto";
import type { EventOutcome } from "@/lib/billing/event-store";
import { invoiceMailData, invoiceMailKey } from "@/lib/billing/notify";
import { invoiceAllowance } from "@/lib/billing/purchases";
import { getStripe } from "@/lib/billing/stripe-client";
import { Invoice, idOf, invoiceSubscriptionId } from "@/lib/billing/stripe-objects";
import { invoiceTax } from "@/lib/billing/tax";
import type { StripeEventPayload } from "@/lib/billing/webhook-verify";
import type { Db } from "@/lib/db";
import { enqueueEmailSql } from "@/lib/email/enqueue";
import { kickOutbox } from "@/lib/email/kick";
import { ENTITLEMENTS } from "@/lib/entitlements";
import { Prisma } from "@/lib/generated/prisma/client";
import { grantComposed } from "@/lib/ledger/grant-composed";
import { webhookEventsSql } from "@/lib/webhooks-out/emit-sql";

type Row = { inserted: boolean; prior: string | null; priorNote: string | null; checked: number };

/** The outcome when the statement decided the delivery, or null for the general path. */
export async function invoicePaidAtOnce(
  db: Db,
  event: StripeEventPayload,
  now: Date | undefined,
): Promise<EventOutcome | null> {
  if (event.type !== "invoice.paid" || getStripe()) return null;
  const parsed = Invoice.safeParse(event.data.object);
  if (!parsed.success) return null;
  const invoice = parsed.data;
  const subscriptionId = invoiceSubscriptionId(invoice);
  const customerId = idOf(invoice.customer);
  const allowance = subscriptionId && customerId ? invoiceAllowance(invoice) : null;
  if (!subscriptionId || !customerId || !allowance || allowance.pt === 0n) return null;
  if (invoice.payments?.data.length) return null; // recorded payment intents: the general path
  const at = now ?? null;
  const currency = invoice.currency.toLowerCase();
  // Only in test mode (no Stripe): the demo rate is the one rate whose name is known locally.
  const tax = invoiceTax(invoice);
  const { row } = await grantComposed<Row>(
    db,
    {
      userIdSql: Prisma.sql`(SELECT "userId"::text FROM cust)`,
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
        currency,
      },
    },
    {
      before: Prisma.sql`
        cust AS (SELECT "userId" FROM "BillingCustomer" WHERE "stripeCustomerId" = ${customerId})`,
      gate: Prisma.sql`
        sub AS (
          SELECT s.plan FROM "BillingSubscription" s
          WHERE s.id = ${subscriptionId} AND s."userId" = (SELECT "userId" FROM cust)
            AND EXISTS (SELECT 1 FROM acct)
          FOR SHARE OF s),
        usr AS (
          SELECT u.plan FROM "User" u WHERE u.id = (SELECT "userId" FROM cust) AND EXISTS (SELECT 1 FROM sub)
          FOR UPDATE OF u),
        ev AS (
          INSERT INTO "StripeEvent" (id, type, "objectId", livemode, payload, "stripeCreated", "receivedAt",
                                     status, attempts, "nextAttemptAt", "processedAt")
          SELECT ${event.id}, ${event.type}, ${invoice.id}, ${event.livemode}, ${JSON.stringify(event)}::jsonb,
                 to_timestamp(${event.created}::double precision), coalesce(${at}::timestamptz, now()), 'applied', 1,
                 coalesce(${at}::timestamptz, now()), coalesce(${at}::timestamptz, now())
          FROM usr, sub WHERE usr.plan >= sub.plan
          ON CONFLICT (id) DO NOTHING RETURNING id),
        go AS (SELECT id FROM ev)`,
      alongside: Prisma.sql`
        pay AS (
          INSERT INTO "Payment" (id, "userId", kind, "sourceId", "amountMinor", currency, "taxMinor", "taxLabel",
                                 "buyerName", "buyerAddress", "buyerCountry", "buyerTaxId", pt, "grantId",
                                 "subscriptionId", "periodEnd", description)
          SELECT ${randomUUID()}::uuid, (SELECT "userId" FROM cust), 'subscription', ${invoice.id},
                 ${BigInt(invoice.amount_paid)}, ${currency}, ${tax.taxMinor}, ${tax.taxLabel}, ${tax.buyerName},
                 ${tax.buyerAddress}, ${tax.buyerCountry}, ${tax.buyerTaxId}, ${allowance.pt}, grant_row.id::text,
                 ${subscriptionId}, ${allowance.periodEnd}::timestamptz,
                 ${`${ENTITLEMENTS[allowance.plan].name} plan allowance`}
          FROM grant_row
          ON CONFLICT DO NOTHING RETURNING id),
        ${enqueueEmailSql({
          cte: "mail",
          userIdSql: Prisma.sql`(SELECT "userId" FROM cust)`,
          when: Prisma.sql`EXISTS (SELECT 1 FROM pay) AND ${BigInt(invoice.amount_paid)} > 0`,
          template: "invoice-available",
          dedupeKey: invoiceMailKey(invoice.id),
          data: invoiceMailData({
            userId: "",
            invoiceId: invoice.id,
            amountMinor: BigInt(invoice.amount_paid),
            currency,
            description: `${ENTITLEMENTS[allowance.plan].name} plan`,
            periodEnd: allowance.periodEnd,
            invoiceUrl: invoice.hosted_invoice_url,
          }),
        })},
        pay_event AS (${webhookEventsSql(
          "payment.succeeded",
          // The same key and data as invoicePaid's general path (applyInvoicePaid) emits.
          Prisma.sql`SELECT ${invoice.id}::text AS key, (SELECT "userId" FROM cust) AS user_id,
            coalesce(${at}::timestamptz, now()) AS at,
            jsonb_build_object('kind', 'subscription', 'invoiceId', ${invoice.id}::text,
              'subscriptionId', ${subscriptionId}::text, 'plan', ${allowance.plan}::text,
              'pt', ${allowance.pt.toString()}::text, 'amountMinor', ${String(invoice.amount_paid)}::text,
              'currency', ${currency}::text) AS data
            FROM pay`,
        )})`,
      // A new event whose grant key or payment already exists aborts the statement (its event row
      // with it): the general path then applies it with the full checks.
      columns: Prisma.sql`
        EXISTS (SELECT 1 FROM ev) AS inserted,
        (SELECT status::text FROM "StripeEvent" WHERE id = ${event.id}) AS prior,
        (SELECT note FROM "StripeEvent" WHERE id = ${event.id}) AS "priorNote",
        CASE WHEN EXISTS (SELECT 1 FROM ev) AND NOT EXISTS (SELECT 1 FROM pay)
             THEN ledger_fail('invoice.paid at once: grant or payment already recorded') ELSE 0 END AS checked`,
    },
  );
  if (row.inserted) {
    kickOutbox(db);
    return { eventId: event.id, status: "applied" };
  }
  // A duplicate whose first delivery already finished: its status, with no second statement.
  if (row.prior === "applied" || row.prior === "ignored") {
    return { eventId: event.id, status: row.prior, duplicate: true, note: row.priorNote };
  }
  return null;
}
