// Sent when too many failed sign-ins lock the account; the unlock link lets the owner back in early.
import type { z } from "zod";
import {
  button,
  type EmailBrand,
  formatUtc,
  greeting,
  layout,
  paragraph,
  type RenderedEmail,
} from "./layout";
import type { AccountLockedData } from "./schemas";

export function renderAccountLocked(
  data: z.infer<typeof AccountLockedData>,
  brand: EmailBrand,
): RenderedEmail {
  const subject = `Your ${brand.productName} account is locked`;
  const intro = `After too many failed sign-in attempts your account is locked until ${formatUtc(data.until)}.`;
  const action =
    "If it was you, unlock it now with the link below. If not, someone may be guessing your password.";
  return layout(
    subject,
    paragraph(greeting(data.name)) +
      paragraph(intro) +
      paragraph(action) +
      button(data.unlockUrl, "Unlock my account"),
    `${greeting(data.name)}\n\n${intro}\n\n${action}\n\nUnlock your account: ${data.unlockUrl}`,
    brand,
  );
}
