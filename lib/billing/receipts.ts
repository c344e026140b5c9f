// Our receipt for one payment (/billing/receipts/<id>, linked from the billing page and the
// purchase email): the seller from the operator settings (legal entity, address, VAT id, support
// email), the buyer's billing details as given at checkout, and subtotal, tax and total in exact
// minor units. Stripe's own invoices and receipts carry the Stripe account's settings instead
// (docs/billing.md). Scoped by owner: another user's payment id is simply not found.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatStoredMoney } from "@/lib/money/currency";
import { formatPt } from "@/lib/money/pt";
import type { OperatorSettings } from "@/lib/settings/operator";
import { getOperatorSettings } from "@/lib/settings/operator";

/** The operator as the seller on receipts and the billing page. */
export type Seller = Pick<
  OperatorSettings,
  "productName" | "legalEntity" | "legalAddress" | "vatId" | "supportEmail"
>;

export async function sellerIdentity(db: Db): Promise<Seller> {
  const o = await getOperatorSettings(db);
  return {
    productName: o.productName,
    legalEntity: o.legalEntity,
    legalAddress: o.legalAddress,
    vatId: o.vatId,
    supportEmail: o.supportEmail,
  };
}

export type Receipt = {
  id: string;
  /** A short reference for the customer and support: the first 8 characters of the payment id. */
  number: string;
  date: Date;
  description: string;
  pt: string;
  /** Formatted money; the minor amounts are exact integers (subtotal + tax = total). */
  subtotal: string;
  tax: string | null;
  taxLabel: string | null;
  total: string;
  refunded: string | null;
  amounts: { subtotalMinor: bigint; taxMinor: bigint; totalMinor: bigint; currency: string };
  buyer: {
    name: string | null;
    address: string | null;
    country: string | null;
    taxId: string | null;
    email: string;
  };
  seller: Seller;
  /** Paid through the built-in test checkout: no money moved. */
  testMode: boolean;
  reference: string;
};

export async function receiptFor(db: Db, input: { userId: string; paymentId: string }): Promise<Receipt> {
  const notFound = new AppError("not_found", "No such receipt.");
  if (!/^[0-9a-f-]{36}$/i.test(input.paymentId)) throw notFound;
  const [payment, user, seller] = await Promise.all([
    db.payment.findFirst({ where: { id: input.paymentId, userId: input.userId } }),
    db.user.findUnique({ where: { id: input.userId }, select: { email: true } }),
    sellerIdentity(db),
  ]);
  if (!payment || !user) throw notFound;
  const money = (minor: bigint) => formatStoredMoney(minor, payment.currency);
  const subtotalMinor = payment.amountMinor - payment.taxMinor;
  return {
    id: payment.id,
    number: payment.id.slice(0, 8).toUpperCase(),
    date: payment.createdAt,
    description: payment.description,
    pt: formatPt(payment.pt),
    subtotal: money(subtotalMinor),
    tax: payment.taxMinor > 0n || payment.taxLabel ? money(payment.taxMinor) : null,
    taxLabel: payment.taxLabel,
    total: money(payment.amountMinor),
    refunded: payment.refundedMinor > 0n ? money(payment.refundedMinor) : null,
    amounts: {
      subtotalMinor,
      taxMinor: payment.taxMinor,
      totalMinor: payment.amountMinor,
      currency: payment.currency,
    },
    buyer: {
      name: payment.buyerName,
      address: payment.buyerAddress,
      country: payment.buyerCountry,
      taxId: payment.buyerTaxId,
      email: user.email,
    },
    seller,
    testMode: payment.sourceId.includes("_test_local_"),
    reference: payment.sourceId,
  };
}
