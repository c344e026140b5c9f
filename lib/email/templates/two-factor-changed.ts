// Sent whenever 2FA is turned on or off, so a takeover that disables it does not go unnoticed.
import type { z } from "zod";
import { type EmailBrand, greeting, layout, paragraph, type RenderedEmail } from "./layout";
import type { TwoFactorChangedData } from "./schemas";

export function renderTwoFactorChanged(
  data: z.infer<typeof TwoFactorChangedData>,
  brand: EmailBrand,
): RenderedEmail {
  const subject = data.enabled
    ? "Two-factor authentication turned on"
    : "Two-factor authentication turned off";
  const intro = data.enabled
    ? `Two-factor authentication is now on for your ${brand.productName} account. Keep your recovery codes somewhere safe.`
    : `Two-factor authentication was turned off for your ${brand.productName} account.`;
  const outro = "If you did not make this change, reset your password now and contact support.";
  return layout(
    subject,
    paragraph(greeting(data.name)) + paragraph(intro) + paragraph(outro),
    `${greeting(data.name)}\n\n${intro}\n\n${outro}`,
    brand,
  );
}
