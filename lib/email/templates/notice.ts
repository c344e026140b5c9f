// A plain notice: a subject, a few paragraphs and an optional action link. Used for operational
// mail whose wording is decided by the sender (admin alerts, payment and dispute notices), so
// each such message needs no template of its own; every value is escaped by the layout helpers.
import type { z } from "zod";
import {
  button,
  type EmailBrand,
  type EmailFooter,
  greeting,
  layout,
  paragraph,
  type RenderedEmail,
  withProduct,
} from "./layout";
import type { NoticeData } from "./schemas";

export function renderNotice(
  data: z.infer<typeof NoticeData>,
  brand: EmailBrand,
  footer?: EmailFooter,
): RenderedEmail {
  const action = data.actionUrl
    ? button(data.actionUrl, data.actionLabel ?? `Open ${brand.productName}`)
    : "";
  const html = paragraph(greeting(data.name)) + data.paragraphs.map(paragraph).join("") + action;
  const text = [
    greeting(data.name),
    ...data.paragraphs,
    data.actionUrl ? `${data.actionLabel ?? "Open"}: ${data.actionUrl}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  return layout(withProduct(data.subject, brand), html, text, brand, footer);
}
