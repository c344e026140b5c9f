// A low-balance alert: available PT fell below the threshold set on a user's account or a team's
// pool (once per crossing);
// what is left, as PT and money at list price, a link to top up and one to change the alert.
import type { z } from "zod";
import { formatPt, formatPtValue } from "@/lib/money/pt";
import { button, type EmailBrand, greeting, layout, paragraph, type RenderedEmail } from "./layout";
import type { LowBalanceData } from "./schemas";

export function renderLowBalance(data: z.infer<typeof LowBalanceData>, brand: EmailBrand): RenderedEmail {
  const perUsd = BigInt(data.ptPerUsd);
  const available = BigInt(data.availablePt);
  const threshold = BigInt(data.thresholdPt);
  const team = data.teamName;
  const value = `${formatPt(available)} (${formatPtValue(available, perUsd)} at list price)`;
  const subject = team
    ? `The ${team} pool on ${brand.productName} is low`
    : `Your ${brand.productName} balance is low`;
  const lines = team
    ? [
        `The ${team} team pool has ${value} left, below its low-balance alert at ${formatPt(threshold)}.`,
        "When it runs out, the team's chat and API requests are refused until the pool is topped up or the team plan's allowance renews. We will not mail again about this until the pool is back above the alert.",
        `Change or turn off this alert (owners and admins): ${data.settingsUrl}`,
      ]
    : [
        `You have ${value} available, below your low-balance alert at ${formatPt(threshold)}.`,
        "When it runs out, chat and API requests are refused until you top up or your plan's allowance renews. We will not mail again about this until your balance is back above the alert.",
        `Change or turn off this alert: ${data.settingsUrl}`,
      ];
  return layout(
    subject,
    paragraph(greeting(data.name)) + lines.slice(0, 2).map(paragraph).join("") + button(data.url, "Top up"),
    `${greeting(data.name)}\n\n${lines.join("\n\n")}\n\nTop up: ${data.url}`,
    brand,
  );
}
