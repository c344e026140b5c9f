// Tax on purchases (issue #17 section 5). With STRIPE_AUTOMATIC_TAX=1 Stripe Tax computes it at
// checkout from the buyer's address; the tax and the buyer's billing details are read from the paid
// checkout session or invoice and stored with the payment, for our receipts and the billing page.
// In test mode (no Stripe) the built-in checkout applies one fixed, clearly labelled demo rate, and
// its signed events carry the tax fields in Stripe's shapes, so the same code reads them. Amounts
// are integers in minor units; the demo tax is rounded once, half-even (lib/money).
import type { CheckoutSession, Invoice } from "@/lib/billing/stripe-objects";
import { env } from "@/lib/env";
import { roundHalfEven } from "@/lib/money/rounding";

export function automaticTaxEnabled(): boolean {
  return env().STRIPE_AUTOMATIC_TAX;
}

/** The test checkout's tax rate, as a Stripe TaxRate object: fixed, and says it is not real. */
export const DEMO_TAX_RATE = {
  id: "txr_test_local_demo_vat",
  object: "tax_rate",
  display_name: "Demo VAT",
  percentage: 20,
  inclusive: false,
  jurisdiction: "test mode, not a real tax",
  active: true,
  livemode: false,
} as const;
const DEMO_BASIS_POINTS = 2_000n;
export const DEMO_TAX_LABEL = "Demo VAT 20 % — test mode, not a real tax";

/** The demo tax on a net amount (exclusive: added on top), half-even to the minor unit. */
export function demoTaxMinor(netMinor: bigint): bigint {
  return netMinor > 0n ? roundHalfEven(netMinor * DEMO_BASIS_POINTS, 10_000n) : 0n;
}

type RateLike = {
  id?: string;
  display_name?: string | null;
  percentage?: number | null;
  jurisdiction?: string | null;
};

/** "VAT 19 % (DE)" — or the demo rate's own label. */
export function taxRateLabel(rate: RateLike): string {
  if (rate.id === DEMO_TAX_RATE.id) return DEMO_TAX_LABEL;
  const name = rate.display_name?.trim() || "Tax";
  const percent = typeof rate.percentage === "number" ? ` ${rate.percentage} %` : "";
  return `${name}${percent}${rate.jurisdiction ? ` (${rate.jurisdiction})` : ""}`;
}

/** Labels of tax rates by id, known without asking Stripe (the demo rate). */
export function knownTaxRateLabels(): Map<string, string> {
  return new Map([[DEMO_TAX_RATE.id, DEMO_TAX_LABEL]]);
}

export type BuyerDetails = {
  buyerName: string | null;
  buyerAddress: string | null;
  buyerCountry: string | null;
  buyerTaxId: string | null;
};
export type PaymentTax = BuyerDetails & { taxMinor: bigint; taxLabel: string | null };

type Address = {
  line1?: string | null;
  line2?: string | null;
  postal_code?: string | null;
  city?: string | null;
  state?: string | null;
  country?: string | null;
};
type TaxId = { type?: string | null; value?: string | null };

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** A postal address on lines, as a receipt prints it (the country as its ISO code on the last). */
export function formatAddress(address: Address | null | undefined): string | null {
  if (!address) return null;
  const cityLine = [address.postal_code, address.city, address.state].filter(Boolean).join(" ");
  const lines = [address.line1, address.line2, cityLine, address.country]
    .map((l) => l?.trim())
    .filter((l): l is string => Boolean(l));
  return lines.length > 0 ? clip(lines.join("\n"), 500) : null;
}

function buyer(
  name: string | null | undefined,
  address: Address | null | undefined,
  taxIds: TaxId[],
): BuyerDetails {
  const ids = taxIds.map((t) => t.value?.trim()).filter((v): v is string => Boolean(v));
  return {
    buyerName: name?.trim() ? clip(name.trim(), 200) : null,
    buyerAddress: formatAddress(address),
    buyerCountry: address?.country?.trim().toUpperCase().slice(0, 2) || null,
    buyerTaxId: ids.length > 0 ? clip(ids.join(", "), 200) : null,
  };
}

function joinLabels(labels: (string | null)[]): string | null {
  const unique = [...new Set(labels.filter((l): l is string => Boolean(l)))];
  return unique.length > 0 ? clip(unique.join(" + "), 300) : null;
}

/** The tax and buyer details of a paid checkout session (its breakdown when expanded). */
export function sessionTax(session: CheckoutSession): PaymentTax {
  const details = session.customer_details;
  const taxes = session.total_details?.breakdown?.taxes ?? [];
  return {
    taxMinor: BigInt(session.total_details?.amount_tax ?? 0),
    taxLabel: joinLabels(taxes.map((t) => (t.rate ? taxRateLabel(t.rate) : null))),
    ...buyer(details?.name, details?.address, details?.tax_ids ?? []),
  };
}

/** The tax and buyer details of a paid invoice; rate labels by tax rate id (from Stripe, or known). */
export function invoiceTax(invoice: Invoice, labels: Map<string, string> = knownTaxRateLabels()): PaymentTax {
  const taxes = invoice.total_taxes ?? [];
  const fromTaxes = taxes.reduce((sum, t) => sum + BigInt(t.amount), 0n);
  // Older API versions and some objects give only the totals: the difference is the tax.
  const fromTotals =
    typeof invoice.total === "number" && typeof invoice.total_excluding_tax === "number"
      ? BigInt(invoice.total - invoice.total_excluding_tax)
      : 0n;
  return {
    taxMinor: taxes.length > 0 ? fromTaxes : fromTotals,
    taxLabel: joinLabels(taxes.map((t) => labels.get(t.tax_rate_details?.tax_rate ?? "") ?? null)),
    ...buyer(invoice.customer_name, invoice.customer_address, invoice.customer_tax_ids ?? []),
  };
}

/** The tax rate ids of an invoice whose labels are not known locally (to fetch from Stripe). */
export function unknownTaxRateIds(invoice: Invoice): string[] {
  const known = knownTaxRateLabels();
  const ids = (invoice.total_taxes ?? [])
    .map((t) => t.tax_rate_details?.tax_rate)
    .filter((id): id is string => typeof id === "string" && !known.has(id));
  return [...new Set(ids)];
}
