import { z } from "zod";
import { utcMonth } from "@/lib/periods";

/** GET /v1/usage?month=YYYY-MM (default: the current UTC month). */
export const UsageQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use YYYY-MM.")
    .optional()
    .transform((m) => m ?? utcMonth(new Date())),
});
