// The fields of Stripe objects billing relies on, validated loosely (Stripe adds fields freely).
// Expandable references may arrive as an id or as the expanded object; idOf() reads both.
import { z } from "zod";

const Ref = z.union([z.string(), z.looseObject({ id: z.string() })]).nullish();
const Metadata = z.record(z.string(), z.string()).nullish();

export function idOf(ref: z.infer<typeof Ref>): string | null {
  if (!ref) return null;
  return typeof ref === "string" ? ref : ref.id;
}

const Address = z
  .looseObject({
    line1: z.string().nullish(),
    line2: z.string().nullish(),
    postal_code: z.string().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    country: z.string().nullish(),
  })
  .nullish();
const TaxIds = z.array(z.looseObject({ type: z.string().nullish(), value: z.string().nullish() })).nullish();
const TaxRate = z.looseObject({
  id: z.string().optional(),
  display_name: z.string().nullish(),
  percentage: z.number().nullish(),
  jurisdiction: z.string().nullish(),
});

export const CheckoutSession = z.looseObject({
  id: z.string(),
  object: z.literal("checkout.session"),
  mode: z.enum(["payment", "subscription", "setup"]),
  status: z.enum(["open", "complete", "expired"]).nullish(),
  payment_status: z.enum(["paid", "unpaid", "no_payment_required"]),
  amount_total: z.number().int().nullish(),
  amount_subtotal: z.number().int().nullish(),
  currency: z.string().nullish(),
  /** Stripe Tax: the tax in amount_total; its breakdown only when expanded (or from test mode). */
  total_details: z
    .looseObject({
      amount_tax: z.number().int().nullish(),
      breakdown: z
        .looseObject({
          taxes: z.array(z.looseObject({ amount: z.number().int(), rate: TaxRate.nullish() })).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  customer_details: z
    .looseObject({ name: z.string().nullish(), address: Address, tax_ids: TaxIds })
    .nullish(),
  client_reference_id: z.string().nullish(),
  customer: Ref,
  subscription: Ref,
  payment_intent: Ref,
  metadata: Metadata,
  created: z.number().int(),
});
export type CheckoutSession = z.infer<typeof CheckoutSession>;

const Period = z.looseObject({ start: z.number().int(), end: z.number().int() });

export const InvoiceLine = z.looseObject({
  id: z.string().optional(),
  amount: z.number().int(),
  /** Seats on a team plan line (proration lines carry the quantity they prorate). */
  quantity: z.number().int().nullish(),
  period: Period,
  pricing: z.looseObject({ price_details: z.looseObject({ price: Ref }).nullish() }).nullish(),
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;

/** A list of invoice payments (invoice.payments, or GET /v1/invoice_payments?invoice=). */
export const InvoicePayments = z.looseObject({
  data: z.array(z.looseObject({ payment: z.looseObject({ payment_intent: Ref }).nullish() })),
});

export const Invoice = z.looseObject({
  id: z.string(),
  object: z.literal("invoice"),
  customer: Ref,
  status: z.string().nullish(),
  amount_paid: z.number().int(),
  amount_due: z.number().int().optional(),
  currency: z.string(),
  total: z.number().int().nullish(),
  total_excluding_tax: z.number().int().nullish(),
  total_taxes: z
    .array(
      z.looseObject({
        amount: z.number().int(),
        tax_rate_details: z.looseObject({ tax_rate: z.string() }).nullish(),
      }),
    )
    .nullish(),
  customer_name: z.string().nullish(),
  customer_address: Address,
  customer_tax_ids: TaxIds,
  billing_reason: z.string().nullish(),
  attempt_count: z.number().int().optional(),
  created: z.number().int(),
  /** Stripe's page for the invoice (view, pay, download the PDF); absent in test mode. */
  hosted_invoice_url: z.string().nullish(),
  parent: z
    .looseObject({
      subscription_details: z.looseObject({ subscription: Ref, metadata: Metadata }).nullish(),
    })
    .nullish(),
  lines: z.looseObject({ data: z.array(InvoiceLine) }),
  payments: InvoicePayments.nullish(),
});
export type Invoice = z.infer<typeof Invoice>;

export const Subscription = z.looseObject({
  id: z.string(),
  object: z.literal("subscription"),
  customer: Ref,
  status: z.string(),
  created: z.number().int(),
  cancel_at_period_end: z.boolean().optional(),
  metadata: Metadata,
  items: z.looseObject({
    data: z.array(
      z.looseObject({
        id: z.string(),
        price: z.looseObject({ id: z.string() }),
        quantity: z.number().int().nullish(),
        current_period_start: z.number().int().nullish(),
        current_period_end: z.number().int().nullish(),
      }),
    ),
  }),
});
export type Subscription = z.infer<typeof Subscription>;

export const Charge = z.looseObject({
  id: z.string(),
  object: z.literal("charge"),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  customer: Ref,
  payment_intent: Ref,
});
export type Charge = z.infer<typeof Charge>;

export const Dispute = z.looseObject({
  id: z.string(),
  object: z.literal("dispute"),
  amount: z.number().int(),
  charge: Ref,
  payment_intent: Ref,
  status: z.string(),
  reason: z.string().nullish(),
});
export type Dispute = z.infer<typeof Dispute>;

/** Subscription statuses that keep the plan (past_due while Stripe retries the payment). */
export const ENTITLING_STATUSES = new Set(["active", "trialing", "past_due"]);

/** The subscription id an invoice belongs to (null for one-off invoices). */
export function invoiceSubscriptionId(invoice: Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

export function linePriceId(line: InvoiceLine): string | null {
  return idOf(line.pricing?.price_details?.price);
}
