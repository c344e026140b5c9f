import { z } from "zod";

export const VerifyEmailRequest = z.strictObject({ token: z.string().min(1).max(200) });
