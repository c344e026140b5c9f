import { z } from "zod";

// Optional month (UTC, YYYY-MM); without it the export covers this month and the one before, as
// the usage page shows them.
export const UsageCsvQuery = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM")
      .optional(),
  })
  .strict();
