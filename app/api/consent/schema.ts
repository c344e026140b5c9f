import { z } from "zod";

/** The banner's choice; "necessary" is always on and not part of it. */
export const ConsentRequest = z.strictObject({ analytics: z.boolean(), marketing: z.boolean() });
export const ConsentResponse = z.object({
  version: z.string(),
  analytics: z.boolean(),
  marketing: z.boolean(),
});
