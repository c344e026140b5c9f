import { z } from "zod";
import { EmailField } from "@/lib/auth/email-address";
import { NewPasswordField } from "@/lib/auth/password-policy";

export const SignUpRequest = z.strictObject({
  email: EmailField,
  password: NewPasswordField,
  name: z.string().trim().max(100).optional(),
  /** The Terms of Service and Privacy Policy in force were shown and accepted. */
  acceptLegal: z.literal(true, "Accept the Terms of Service and the Privacy Policy to create an account."),
});

export const SignUpResponse = z.object({ ok: z.literal(true), message: z.string() });
