// The shared shell of every email: one small inline-styled HTML layout and a plain-text twin.
// Templates hand it already-escaped HTML fragments; every interpolated value goes through
// escapeHtml (text content and attributes alike), so user data can never become markup.

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** A call-to-action link. Only http(s) URLs reach here (the schemas enforce it). */
export function button(url: string, label: string): string {
  const href = escapeHtml(url);
  return (
    `<p style="margin:24px 0"><a href="${href}" style="background:#111827;color:#ffffff;` +
    `padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(label)}</a></p>` +
    `<p style="font-size:13px;color:#6b7280">If the button does not work, copy this link into your browser:<br>` +
    `<a href="${href}" style="color:#2563eb;word-break:break-all">${href}</a></p>`
  );
}

export function paragraph(text: string): string {
  return `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
}

export function greeting(name: string | undefined): string {
  return name ? `Hi ${name},` : "Hi,";
}

export type RenderedEmail = { subject: string; html: string; text: string };

/** Who the mail is from (the operator settings at send time; lib/settings/operator.ts). */
export type EmailBrand = {
  productName: string;
  legalEntity?: string;
  legalAddress?: string;
  vatId?: string;
  supportEmail?: string;
};
export const DEFAULT_BRAND: EmailBrand = { productName: "Ledgerchat" };

/**
 * The footer of non-essential mail: why the recipient gets it, a one-click unsubscribe link for
 * its category and the preferences page. Absent for essential mail (security, account).
 */
export type EmailFooter = { categoryLabel: string; unsubscribeUrl: string; preferencesUrl: string };

/** A table of label/value rows (receipts, sign-in details); both parts escaped like everything else. */
export function detailsTable(rows: readonly (readonly [string, string])[]): { html: string; text: string } {
  const html =
    `<table style="border-collapse:collapse;margin:0 0 16px">` +
    rows
      .map(
        ([k, v]) =>
          `<tr><td style="padding:4px 12px 4px 0;color:#6b7280;vertical-align:top">${escapeHtml(k)}</td>` +
          `<td style="padding:4px 0;word-break:break-all">${escapeHtml(v)}</td></tr>`,
      )
      .join("") +
    `</table>`;
  return { html, text: rows.map(([k, v]) => `${k}: ${v}`).join("\n") };
}

/** "{product}" in sender-written notice text becomes the product name. */
export function withProduct(text: string, brand: EmailBrand): string {
  return text.replaceAll("{product}", brand.productName);
}

/** Wraps an escaped body fragment; the subject is escaped here for the <title>. */
export function layout(
  subject: string,
  bodyHtml: string,
  bodyText: string,
  brand: EmailBrand,
  footer?: EmailFooter,
): RenderedEmail {
  const name = escapeHtml(brand.productName);
  const sender = [brand.legalEntity, brand.legalAddress?.replace(/\s*\n\s*/g, ", ")]
    .filter(Boolean)
    .join(" · ");
  const why = footer
    ? `You receive ${footer.categoryLabel.toLowerCase()} from ${brand.productName}.`
    : `You received this email because of activity on your ${brand.productName} account.`;
  const link = (href: string, label: string) =>
    `<a href="${escapeHtml(href)}" style="color:#6b7280;text-decoration:underline">${escapeHtml(label)}</a>`;
  const footerLinks = footer
    ? `<br>${link(footer.unsubscribeUrl, "Unsubscribe")} · ${link(footer.preferencesUrl, "Email preferences")}`
    : "";
  const footerText = footer
    ? `Unsubscribe: ${footer.unsubscribeUrl}\nEmail preferences: ${footer.preferencesUrl}\n`
    : "";
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#111827">` +
    `<div style="max-width:560px;margin:0 auto;padding:32px 16px">` +
    `<div style="font-weight:600;font-size:18px;margin-bottom:16px">${name}</div>` +
    `<div style="background:#ffffff;border-radius:8px;padding:24px;line-height:1.5;font-size:15px">${bodyHtml}</div>` +
    `<p style="font-size:12px;color:#6b7280;margin-top:16px">${escapeHtml(why)}${footerLinks}` +
    `${sender ? `<br>${escapeHtml(sender)}` : ""}</p>` +
    `</div></body></html>`;
  const text = `${bodyText.trim()}\n\n--\n${brand.productName}\n${why}\n${footerText}${sender ? `${sender}\n` : ""}`;
  return { subject, html, text };
}

/** Times in mail are UTC and unambiguous: the recipient's zone is unknown to the sender. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
