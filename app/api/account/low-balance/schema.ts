import { z } from "zod";

/** PUT /api/account/low-balance: the threshold in PT (a decimal string), or null to turn it off. */
export const LowBalanceRequest = z.strictObject({
  thresholdPt: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,15}$/, "A whole number of PT, at least 1.")
    .transform((v) => BigInt(v))
    .nullable(),
});
