import { z } from "zod";

export const AdjustRequest = z.object({
  /** Signed whole PT as a decimal string (BigInt-safe), never zero. */
  amount: z
    .string()
    .trim()
    .regex(/^-?[1-9]\d{0,17}$/, "a non-zero whole number of PT"),
  reason: z.string().trim().min(3, "a reason is required").max(500),
  key: z
    .string()
    .trim()
    .min(8)
    .max(100)
    .regex(/^[\w:-]+$/),
});
