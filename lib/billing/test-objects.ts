// Builders of Stripe-shaped objects and events (API version 2026 shapes, only the fields billing
// reads plus the identifying ones). The built-in test checkout sends these; tests use them as
// fixtures. Nothing here touches the database.
import { randomBytes } from "node:crypto";
import { DEMO_TAX_RATE } from "@/lib/billing/tax";

export type StripeObject = Record<string, unknown> & { id: string; object: string };
export type StripeEventObject = {
  id: string;
  object: "event";
  api_version: string;
  type: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
};

export function localId(prefix: string): string {
  return `${prefix}_test_local_${randomBytes(12).toString("hex")}`;
}

export function unix(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** One calendar month later (clamped to the month's last day), like Stripe's billing anchor. */
export function addMonth(date: Date): Date {
  const next = new Date(date.getTime());
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const last = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, last));
  return next;
}

export function buildEvent(
  type: string,
  object: StripeObject,
  created: number,
  id = localId("evt"),
): StripeEventObject {
  return {
    id,
    object: "event",
    api_version: "2026-10-28.endive",
    type,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/** What a buyer gives Stripe Checkout when tax is collected (the test checkout's form). */
export type TestBuyer = {
  name: string;
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  country: string;
  taxId?: string;
};
/** Tax on a test payment: the demo rate's amount on a taxable (net) amount, and the buyer. */
export type TestTax = { amount: number; taxable: number; buyer: TestBuyer };

function stripeAddress(b: TestBuyer) {
  return {
    line1: b.line1,
    line2: b.line2 ?? null,
    postal_code: b.postalCode,
    city: b.city,
    state: null,
    country: b.country,
  };
}

function stripeTaxIds(b: TestBuyer) {
  // Stripe Checkout asks the tax id's type by country; an EU-looking VAT id is "eu_vat".
  return b.taxId
    ? [{ type: /^[A-Z]{2}[0-9A-Z]{2,}$/.test(b.taxId) ? "eu_vat" : "unknown", value: b.taxId }]
    : [];
}

/** The Stripe Tax fields of a paid checkout session (the breakdown as when expanded). */
function sessionTaxFields(tax: TestTax) {
  return {
    amount_subtotal: tax.taxable,
    total_details: {
      amount_discount: 0,
      amount_shipping: 0,
      amount_tax: tax.amount,
      breakdown: {
        discounts: [],
        taxes: [
          {
            amount: tax.amount,
            rate: DEMO_TAX_RATE,
            taxability_reason: "standard_rated",
            taxable_amount: tax.taxable,
          },
        ],
      },
    },
    customer_details: {
      name: tax.buyer.name,
      address: stripeAddress(tax.buyer),
      tax_exempt: "none",
      tax_ids: stripeTaxIds(tax.buyer),
    },
    automatic_tax: { enabled: true, status: "complete", liability: { type: "self" } },
  };
}

export function checkoutSessionObject(input: {
  id: string;
  mode: "payment" | "subscription";
  customer: string;
  userId: string;
  amountTotal: number;
  currency: string;
  metadata: Record<string, string>;
  paymentIntent?: string | null;
  subscription?: string | null;
  paymentStatus?: "paid" | "unpaid";
  created: number;
  tax?: TestTax;
}): StripeObject {
  return {
    ...(input.tax ? sessionTaxFields(input.tax) : {}),
    id: input.id,
    object: "checkout.session",
    mode: input.mode,
    status: "complete",
    payment_status: input.paymentStatus ?? "paid",
    amount_total: input.amountTotal,
    currency: input.currency,
    client_reference_id: input.userId,
    customer: input.customer,
    payment_intent: input.paymentIntent ?? null,
    subscription: input.subscription ?? null,
    metadata: input.metadata,
    created: input.created,
  };
}

export function subscriptionObject(input: {
  id: string;
  customer: string;
  priceId: string;
  itemId?: string;
  status: string;
  periodStart: number;
  periodEnd: number;
  created: number;
  metadata: Record<string, string>;
  cancelAtPeriodEnd?: boolean;
  quantity?: number;
}): StripeObject {
  return {
    id: input.id,
    object: "subscription",
    customer: input.customer,
    status: input.status,
    created: input.created,
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    metadata: input.metadata,
    items: {
      object: "list",
      data: [
        {
          id: input.itemId ?? `si_${input.id}`,
          object: "subscription_item",
          price: { id: input.priceId, object: "price" },
          quantity: input.quantity ?? 1,
          current_period_start: input.periodStart,
          current_period_end: input.periodEnd,
        },
      ],
    },
  };
}

export type InvoiceLineInput = {
  priceId: string;
  amount: number;
  start: number;
  end: number;
  quantity?: number;
};

export function invoiceObject(input: {
  id: string;
  customer: string;
  subscription: string;
  subscriptionMetadata: Record<string, string>;
  lines: InvoiceLineInput[];
  billingReason: string;
  status: "paid" | "open";
  currency: string;
  paymentIntent?: string | null;
  attemptCount?: number;
  created: number;
  /** Stripe Tax on the invoice (exclusive: added to the lines' total). */
  tax?: TestTax;
}): StripeObject {
  const subtotal = input.lines.reduce((s, l) => s + l.amount, 0);
  const taxAmount = input.tax?.amount ?? 0;
  const total = subtotal + taxAmount;
  return {
    id: input.id,
    object: "invoice",
    customer: input.customer,
    status: input.status,
    amount_due: Math.max(0, total),
    amount_paid: input.status === "paid" ? Math.max(0, total) : 0,
    subtotal,
    total_excluding_tax: subtotal,
    total,
    total_taxes: input.tax
      ? [
          {
            amount: taxAmount,
            tax_behavior: "exclusive",
            tax_rate_details: { tax_rate: DEMO_TAX_RATE.id },
            taxability_reason: "standard_rated",
            taxable_amount: input.tax.taxable,
            type: "tax_rate_details",
          },
        ]
      : [],
    ...(input.tax
      ? {
          customer_name: input.tax.buyer.name,
          customer_address: stripeAddress(input.tax.buyer),
          customer_tax_ids: stripeTaxIds(input.tax.buyer),
          automatic_tax: { enabled: true, status: "complete", liability: { type: "self" } },
        }
      : {}),
    currency: input.currency,
    billing_reason: input.billingReason,
    attempt_count: input.attemptCount ?? 1,
    created: input.created,
    period_start: input.lines[0]?.start ?? input.created,
    period_end: input.lines[0]?.end ?? input.created,
    parent: {
      type: "subscription_details",
      subscription_details: { subscription: input.subscription, metadata: input.subscriptionMetadata },
    },
    lines: {
      object: "list",
      data: input.lines.map((l, i) => ({
        id: `il_${input.id}_${i}`,
        object: "line_item",
        amount: l.amount,
        quantity: l.quantity ?? 1,
        period: { start: l.start, end: l.end },
        pricing: { type: "price_details", price_details: { price: l.priceId } },
      })),
    },
    payments: input.paymentIntent
      ? {
          object: "list",
          data: [{ payment: { type: "payment_intent", payment_intent: input.paymentIntent } }],
        }
      : { object: "list", data: [] },
  };
}

export function chargeObject(input: {
  id: string;
  customer: string | null;
  paymentIntent: string;
  amount: number;
  amountRefunded: number;
  currency: string;
}): StripeObject {
  return {
    id: input.id,
    object: "charge",
    amount: input.amount,
    amount_refunded: input.amountRefunded,
    refunded: input.amountRefunded >= input.amount,
    currency: input.currency,
    customer: input.customer,
    payment_intent: input.paymentIntent,
  };
}

export function disputeObject(input: {
  id: string;
  charge: string;
  paymentIntent: string;
  amount: number;
  currency: string;
  status: string;
  reason?: string;
}): StripeObject {
  return {
    id: input.id,
    object: "dispute",
    amount: input.amount,
    currency: input.currency,
    charge: input.charge,
    payment_intent: input.paymentIntent,
    status: input.status,
    reason: input.reason ?? "fraudulent",
  };
}
