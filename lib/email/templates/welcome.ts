// Sent once, when an account's address is first verified (or arrives verified from OAuth).
import type { z } from "zod";
import { formatPt } from "@/lib/money/pt";
import {
  button,
  type EmailBrand,
  type EmailFooter,
  greeting,
  layout,
  paragraph,
  type RenderedEmail,
} from "./layout";
import type { WelcomeData } from "./schemas";

export function renderWelcome(
  data: z.infer<typeof WelcomeData>,
  brand: EmailBrand,
  footer?: EmailFooter,
): RenderedEmail {
  const subject = `Welcome to ${brand.productName}`;
  const intro = `Your address is verified and your ${brand.productName} account is ready.`;
  const free =
    data.freePt && BigInt(data.freePt) > 0n
      ? `The Free plan gives you ${formatPt(BigInt(data.freePt))} every month; every reply shows exactly what it cost.`
      : "Every reply shows exactly what it cost in PT.";
  const plans = `Need more? Plans and top-ups: ${data.pricingUrl}`;
  return layout(
    subject,
    paragraph(greeting(data.name)) +
      paragraph(intro) +
      paragraph(free) +
      button(data.chatUrl, "Start a chat") +
      paragraph(plans),
    `${greeting(data.name)}\n\n${intro}\n\n${free}\n\nStart a chat: ${data.chatUrl}\n\n${plans}`,
    brand,
    footer,
  );
}
