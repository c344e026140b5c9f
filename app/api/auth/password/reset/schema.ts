import { z } from "zod";
import { NewPasswordField } from "@/lib/auth/password-policy";

export const ResetPasswordRequest = z.strictObject({
  token: z.string().min(1).max(200),
  password: NewPasswordField,
});
