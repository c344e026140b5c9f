// A subscription started, changed plan, was cancelled (access until the period end), resumed or
// ended. One template: the wording follows `change`; the link opens the billing page.
import type { z } from "zod";
import {
  button,
  type EmailBrand,
  type EmailFooter,
  formatUtc,
  greeting,
  layout,
  paragraph,
  type RenderedEmail,
} from "./layout";
import type { SubscriptionChangedData } from "./schemas";

type Data = z.infer<typeof SubscriptionChangedData>;

function day(date: Date | undefined): string | undefined {
  return date ? formatUtc(date).slice(0, 10) : undefined;
}

function wording(data: Data, product: string): { subject: string; lines: string[] } {
  const end = day(data.periodEnd);
  const renews = end ? `It renews on ${end}.` : "";
  switch (data.change) {
    case "started":
      return {
        subject: `Your ${product} ${data.plan} subscription has started`,
        lines: [`Thank you for subscribing to ${data.plan}. Its monthly PT are on your balance.`, renews],
      };
    case "changed":
      return {
        subject: `Your ${product} plan is now ${data.plan}`,
        lines: [
          data.previousPlan
            ? `Your subscription changed from ${data.previousPlan} to ${data.plan}.`
            : `Your subscription changed to ${data.plan}.`,
          renews,
        ],
      };
    case "cancelled":
      return {
        subject: `Your ${product} ${data.plan} subscription is cancelled`,
        lines: [
          end
            ? `Your ${data.plan} subscription will not renew. You keep ${data.plan} until ${end}.`
            : `Your ${data.plan} subscription will not renew.`,
          "Changed your mind? You can resume it from the billing page before then.",
        ],
      };
    case "resumed":
      return {
        subject: `Your ${product} ${data.plan} subscription will continue`,
        lines: [`Your ${data.plan} subscription is no longer cancelled.`, renews],
      };
    case "ended":
      return {
        subject: `Your ${product} ${data.plan} subscription has ended`,
        lines: [
          `Your ${data.plan} subscription has ended and your account is on the Free plan.`,
          "PT you bought as top-ups stay on your balance.",
        ],
      };
  }
}

export function renderSubscriptionChanged(
  data: Data,
  brand: EmailBrand,
  footer?: EmailFooter,
): RenderedEmail {
  const { subject, lines } = wording(data, brand.productName);
  const body = lines.filter(Boolean);
  return layout(
    subject,
    paragraph(greeting(data.name)) + body.map(paragraph).join("") + button(data.manageUrl, "Manage billing"),
    `${greeting(data.name)}\n\n${body.join("\n\n")}\n\nManage billing: ${data.manageUrl}`,
    brand,
    footer,
  );
}
