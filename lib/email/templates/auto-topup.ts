// Auto top-up: sent for each off-session charge ("charged": the receipt follows once the payment
// is credited) and when a charge failed and auto top-up was turned off ("failed").
import type { z } from "zod";
import { formatStoredMoney } from "@/lib/money/currency";
import { formatPt } from "@/lib/money/pt";
import { button, type EmailBrand, greeting, layout, paragraph, type RenderedEmail } from "./layout";
import type { AutoTopUpData } from "./schemas";

export function renderAutoTopUp(data: z.infer<typeof AutoTopUpData>, brand: EmailBrand): RenderedEmail {
  const price = formatStoredMoney(BigInt(data.amountMinor), data.currency);
  const pack = `${data.pack} (${formatPt(BigInt(data.pt))}, ${price})`;
  const below = `your available balance fell below ${formatPt(BigInt(data.thresholdPt))}`;
  const failed = data.outcome === "failed";
  const subject = failed
    ? `Auto top-up failed and was turned off at ${brand.productName}`
    : `Auto top-up: we charged your card for ${formatPt(BigInt(data.pt))}`;
  const lines = failed
    ? [
        `We tried to buy the ${pack} pack because ${below}, but the charge did not go through${data.reason ? `: ${data.reason}` : "."}`,
        "Auto top-up is now off, so nothing else will be charged. Check your card, then buy a top-up or turn auto top-up on again on the billing page.",
      ]
    : [
        `Because ${below}, we charged your saved card for the ${pack} pack, as your auto top-up settings ask. The PT are added as soon as the payment is confirmed; the receipt follows.`,
        "You can change the threshold, the pack or the daily limit, or turn auto top-up off, on the billing page.",
      ];
  return layout(
    subject,
    paragraph(greeting(data.name)) + lines.map(paragraph).join("") + button(data.url, "Billing"),
    `${greeting(data.name)}\n\n${lines.join("\n\n")}\n\nBilling: ${data.url}`,
    brand,
  );
}
