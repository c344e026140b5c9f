// A monthly budget alert (50, 80 or 100 % of the month's usage): what was used, the budget, both
// also as money at list price, what happens next (the hard stop, if on) and a link to the budget.
import type { z } from "zod";
import { formatPt, formatPtValue } from "@/lib/money/pt";
import { button, type EmailBrand, greeting, layout, paragraph, type RenderedEmail } from "./layout";
import type { BudgetAlertData } from "./schemas";

function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

function nextMonthStart(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toLocaleDateString("en-US", {
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  });
}

export function renderBudgetAlert(data: z.infer<typeof BudgetAlertData>, brand: EmailBrand): RenderedEmail {
  const perUsd = BigInt(data.ptPerUsd);
  const spent = BigInt(data.spentPt);
  const budget = BigInt(data.budgetPt);
  const reached = data.threshold >= 100;
  const subject = reached
    ? `You have reached your ${brand.productName} monthly budget`
    : `You have used ${data.threshold}% of your ${brand.productName} monthly budget`;
  const lines = [
    `Your usage in ${monthName(data.month)} (UTC) is ${formatPt(spent)} (${formatPtValue(spent, perUsd)} at list price) of your monthly budget of ${formatPt(budget)} (${formatPtValue(budget, perUsd)}).`,
    reached && data.hardStop
      ? `Your budget has a hard stop: chat and API requests that could take you over it are refused until ${nextMonthStart(data.month)} (UTC), unless you raise or remove it.`
      : reached
        ? "Chat and API requests still run: this budget only alerts. Turn on the hard stop to have requests refused at the budget."
        : `You will hear from us again at ${data.threshold < 80 ? "80% and 100%" : "100%"} of the budget.`,
  ];
  return layout(
    subject,
    paragraph(greeting(data.name)) + lines.map(paragraph).join("") + button(data.url, "Budget settings"),
    `${greeting(data.name)}\n\n${lines.join("\n\n")}\n\nBudget settings: ${data.url}`,
    brand,
  );
}
