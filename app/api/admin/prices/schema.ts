import { z } from "zod";

const Whole = z
  .string()
  .trim()
  .regex(/^\d{1,15}$/, "a whole number");

export const PricesQuery = z.object({ model: z.string().trim().max(100).optional() });

export const NewPriceRequest = z.object({
  provider: z.string().trim().min(1).max(50),
  model: z.string().trim().min(1).max(100),
  tier: z.enum(["free", "pro", "max"]),
  ptPerMInput: Whole,
  ptPerMOutput: Whole,
  costMicroUsdPerMInput: Whole,
  costMicroUsdPerMOutput: Whole,
  effectiveFrom: z.coerce.date().optional(),
  confirmLargeChange: z.boolean().optional(),
});
