// Security notice for a sign-in from a device we have not seen; device and IP come from request
// headers (attacker-controlled), so they are escaped like any other data.
import type { z } from "zod";
import {
  type EmailBrand,
  escapeHtml,
  formatUtc,
  greeting,
  layout,
  paragraph,
  type RenderedEmail,
} from "./layout";
import type { NewSignInData } from "./schemas";

export function renderNewSignIn(data: z.infer<typeof NewSignInData>, brand: EmailBrand): RenderedEmail {
  const subject = `New sign-in to your ${brand.productName} account`;
  const time = formatUtc(data.time);
  const intro = "Your account was just signed in to from a new device.";
  const outro =
    "If this was you, there is nothing to do. If not, reset your password now and turn on two-factor authentication.";
  const rows = [
    ["Device", data.device],
    ["IP address", data.ip],
    ["Time", time],
  ] as const;
  const table =
    `<table style="border-collapse:collapse;margin:0 0 16px">` +
    rows
      .map(
        ([k, v]) =>
          `<tr><td style="padding:4px 12px 4px 0;color:#6b7280">${escapeHtml(k)}</td><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`,
      )
      .join("") +
    `</table>`;
  return layout(
    subject,
    paragraph(greeting(data.name)) + paragraph(intro) + table + paragraph(outro),
    `${greeting(data.name)}\n\n${intro}\n\n${rows.map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${outro}`,
    brand,
  );
}
