// A subscription payment failed. Essential (category account): the plan is at risk and the user
// must act; the link opens Stripe's hosted invoice to pay it, else the billing page.
import type { z } from "zod";
import { formatStoredMoney } from "@/lib/money/currency";
import {
  button,
  type EmailBrand,
  type EmailFooter,
  greeting,
  layout,
  paragraph,
  type RenderedEmail,
} from "./layout";
import type { PaymentFailedData } from "./schemas";

export function renderPaymentFailed(
  data: z.infer<typeof PaymentFailedData>,
  brand: EmailBrand,
  footer?: EmailFooter,
): RenderedEmail {
  const amount = formatStoredMoney(BigInt(data.amountMinor), data.currency);
  const subject = `Your ${brand.productName} payment failed`;
  const intro = `We could not collect ${amount} for your subscription${data.attempt > 1 ? ` (attempt ${data.attempt})` : ""}.`;
  const action = data.invoiceUrl
    ? "Pay the invoice or update your payment method to keep your plan; the charge is retried automatically."
    : "Update your payment method to keep your plan; the charge is retried automatically.";
  const url = data.invoiceUrl ?? data.billingUrl;
  const label = data.invoiceUrl ? "Pay the invoice" : "Update payment method";
  return layout(
    subject,
    paragraph(greeting(data.name)) + paragraph(intro) + paragraph(action) + button(url, label),
    `${greeting(data.name)}\n\n${intro}\n\n${action}\n\n${label}: ${url}`,
    brand,
    footer,
  );
}
