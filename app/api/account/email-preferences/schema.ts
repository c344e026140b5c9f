import { z } from "zod";
import { EmailPreferencesPatch } from "@/lib/email/preferences";

/** PUT body: optional categories only, each true (on) or false (off); essential ones are refused. */
export const UpdateEmailPreferencesRequest = EmailPreferencesPatch;

export const EmailPreferencesResponse = z.object({
  preferences: z.array(
    z.object({
      category: z.string(),
      label: z.string(),
      description: z.string(),
      essential: z.boolean(),
      enabled: z.boolean(),
    }),
  ),
});
export type EmailPreferencesResponse = z.infer<typeof EmailPreferencesResponse>;
