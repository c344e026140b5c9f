import { z } from "zod";

export const ChatSettingsRequest = z.object({
  // A decimal string or null (no own cap). PT are integers; the plan's cap still applies.
  dailyPtCap: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, "A whole number of PT, at least 1.")
    .transform((v) => BigInt(v))
    .nullable(),
});
