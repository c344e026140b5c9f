import { z } from "zod";
import { EmailField } from "@/lib/auth/email-address";

export const ForgotPasswordRequest = z.strictObject({ email: EmailField });
