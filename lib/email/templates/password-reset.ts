// The reset link is the secret: say how long it lives and what to do if it was not requested.
import type { z } from "zod";
import { button, type EmailBrand, greeting, layout, paragraph, type RenderedEmail } from "./layout";
import type { PasswordResetData } from "./schemas";

export function renderPasswordReset(
  data: z.infer<typeof PasswordResetData>,
  brand: EmailBrand,
): RenderedEmail {
  const subject = "Reset your password";
  const intro = `Someone asked to reset the password of your ${brand.productName} account.`;
  const expiry = `This link expires in ${data.expiresMinutes} minutes and works once.`;
  const outro = "If you did not ask for this, ignore this email: your password stays unchanged.";
  return layout(
    subject,
    paragraph(greeting(data.name)) +
      paragraph(intro) +
      button(data.url, "Choose a new password") +
      paragraph(expiry) +
      paragraph(outro),
    `${greeting(data.name)}\n\n${intro}\n\nChoose a new password: ${data.url}\n\n${expiry}\n\n${outro}`,
    brand,
  );
}
