import { z } from "zod";

/** The signed token of a List-Unsubscribe link (lib/email/unsubscribe-token.ts). */
export const UnsubscribeQuery = z.object({ token: z.string().trim().min(1).max(200) });

export const UnsubscribeResponse = z.object({
  unsubscribed: z.literal(true),
  category: z.string(),
  label: z.string(),
});
