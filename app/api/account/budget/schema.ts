import { z } from "zod";

/** PUT /api/account/budget: the monthly budget in PT (a decimal string) and its hard stop. */
export const BudgetRequest = z.strictObject({
  amountPt: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,15}$/, "A whole number of PT, at least 1.")
    .transform((v) => BigInt(v)),
  hardStop: z.boolean().default(false),
});
