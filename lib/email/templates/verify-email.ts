// Sent after sign-up and on "resend verification": one link that proves the address.
import type { z } from "zod";
import { button, type EmailBrand, greeting, layout, paragraph, type RenderedEmail } from "./layout";
import type { VerifyEmailData } from "./schemas";

export function renderVerifyEmail(data: z.infer<typeof VerifyEmailData>, brand: EmailBrand): RenderedEmail {
  const subject = "Verify your email address";
  const intro = `Confirm that this is your email address to finish setting up your ${brand.productName} account.`;
  const outro = "If you did not create an account, you can ignore this email.";
  return layout(
    subject,
    paragraph(greeting(data.name)) + paragraph(intro) + button(data.url, "Verify email") + paragraph(outro),
    `${greeting(data.name)}\n\n${intro}\n\nVerify your email: ${data.url}\n\n${outro}`,
    brand,
  );
}
