// The receipt of a top-up: what was paid (money, formatted from integer minor units), the PT it
// credited, when, the payment's reference and who sold it (the operator's legal identity).
import type { z } from "zod";
import { formatStoredMoney } from "@/lib/money/currency";
import { formatPt } from "@/lib/money/pt";
import {
  button,
  detailsTable,
  type EmailBrand,
  type EmailFooter,
  formatUtc,
  greeting,
  layout,
  paragraph,
  type RenderedEmail,
} from "./layout";
import type { PurchaseReceiptData } from "./schemas";

/** The seller lines of a receipt or invoice mail: legal entity, address, VAT id, support address. */
export function sellerRows(brand: EmailBrand): [string, string][] {
  const rows: [string, string][] = [["Seller", brand.legalEntity ?? brand.productName]];
  if (brand.legalAddress) rows.push(["Address", brand.legalAddress.replace(/\s*\n\s*/g, ", ")]);
  if (brand.vatId) rows.push(["VAT ID", brand.vatId]);
  if (brand.supportEmail) rows.push(["Support", brand.supportEmail]);
  return rows;
}

export function renderPurchaseReceipt(
  data: z.infer<typeof PurchaseReceiptData>,
  brand: EmailBrand,
  footer?: EmailFooter,
): RenderedEmail {
  const money = (minor: bigint) => formatStoredMoney(minor, data.currency);
  const amount = money(BigInt(data.amountMinor));
  const tax = BigInt(data.taxMinor);
  // With tax: subtotal, the tax with its label, and the total paid.
  const amountRows: [string, string][] =
    tax > 0n
      ? [
          ["Subtotal", money(BigInt(data.amountMinor) - tax)],
          [data.taxLabel ?? "Tax", money(tax)],
          ["Total paid", amount],
        ]
      : [["Amount paid", amount]];
  const pt = formatPt(BigInt(data.pt));
  const subject = `Your ${brand.productName} receipt: ${amount}`;
  const intro = `Thank you for your purchase. ${pt} were added to your balance.`;
  const details = detailsTable([
    ["Item", data.description],
    ...amountRows,
    ["PT credited", pt],
    ["Date", formatUtc(data.paidAt)],
    ["Reference", data.reference],
    ...sellerRows(brand),
  ]);
  const keep = "Keep this email as your receipt.";
  return layout(
    subject,
    paragraph(greeting(data.name)) +
      paragraph(intro) +
      details.html +
      paragraph(keep) +
      button(data.receiptUrl ?? data.balanceUrl, data.receiptUrl ? "View your receipt" : "See your balance"),
    `${greeting(data.name)}\n\n${intro}\n\n${details.text}\n\n${keep}\n\n${data.receiptUrl ? `Your receipt: ${data.receiptUrl}\n` : ""}Your balance: ${data.balanceUrl}`,
    brand,
    footer,
  );
}
