// A paid subscription invoice: the amount and period, and a link to Stripe's hosted invoice page
// (download the PDF there) — or, in test mode where there is none, to the billing page's payments.
import type { z } from "zod";
import { formatStoredMoney } from "@/lib/money/currency";
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
import { sellerRows } from "./purchase-receipt";
import type { InvoiceAvailableData } from "./schemas";

export function renderInvoiceAvailable(
  data: z.infer<typeof InvoiceAvailableData>,
  brand: EmailBrand,
  footer?: EmailFooter,
): RenderedEmail {
  const amount = formatStoredMoney(BigInt(data.amountMinor), data.currency);
  const subject = `Your ${brand.productName} invoice is available: ${amount}`;
  const intro = `We received your payment of ${amount}. Thank you.`;
  const rows: [string, string][] = [
    ["Item", data.description],
    ["Amount paid", amount],
    ["Invoice", data.invoiceId],
  ];
  if (data.periodEnd) rows.push(["Paid through", formatUtc(data.periodEnd).slice(0, 10)]);
  const details = detailsTable([...rows, ...sellerRows(brand)]);
  const url = data.invoiceUrl ?? data.billingUrl;
  const label = data.invoiceUrl ? "View and download the invoice" : "See your payments";
  return layout(
    subject,
    paragraph(greeting(data.name)) + paragraph(intro) + details.html + button(url, label),
    `${greeting(data.name)}\n\n${intro}\n\n${details.text}\n\n${label}: ${url}`,
    brand,
    footer,
  );
}
