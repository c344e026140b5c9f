// Sent when an admin approves or rejects a user's dispute; the link opens the user's ledger.
import type { z } from "zod";
import { button, type EmailBrand, greeting, layout, paragraph, type RenderedEmail } from "./layout";
import type { DisputeResolvedData } from "./schemas";

export function renderDisputeResolved(
  data: z.infer<typeof DisputeResolvedData>,
  brand: EmailBrand,
): RenderedEmail {
  const subject = data.approved ? "Your dispute was approved" : "Your dispute was reviewed";
  const outcome = data.approved
    ? `We approved your dispute of ${data.item}. The refund is on its way to your balance or card.`
    : `We reviewed your dispute of ${data.item} and could not approve it.`;
  const note = data.note ? `Note from our team: ${data.note}` : "";
  return layout(
    subject,
    paragraph(greeting(data.name)) +
      paragraph(outcome) +
      (note ? paragraph(note) : "") +
      button(data.url, "See your ledger"),
    `${greeting(data.name)}\n\n${outcome}${note ? `\n\n${note}` : ""}\n\nYour ledger: ${data.url}`,
    brand,
  );
}
