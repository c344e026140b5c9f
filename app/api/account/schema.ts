import { z } from "zod";
import { EmailField } from "@/lib/auth/email-address";
import { CurrentPasswordField, NewPasswordField } from "@/lib/auth/password-policy";

/** Re-authentication fields shared by every sensitive change. */
export const Reauth = {
  currentPassword: CurrentPasswordField,
  code: z.string().trim().max(32).optional(),
};

export const UpdateProfileRequest = z.strictObject({
  name: z
    .string()
    .trim()
    .max(100)
    .transform((v) => (v === "" ? null : v)),
});

export const ChangePasswordRequest = z.strictObject({ ...Reauth, newPassword: NewPasswordField });
export const ChangeEmailRequest = z.strictObject({ ...Reauth, newEmail: EmailField });
export const ReauthRequest = z.strictObject(Reauth);
/** DELETE /api/account: re-authentication plus the explicit "my PT will be forfeited" confirmation. */
export const DeleteAccountRequest = z.strictObject({
  ...Reauth,
  confirmForfeit: z.literal(true, "Confirm that the PT left on your account will be forfeited."),
});
export const EnableTwoFactorRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code."),
});
