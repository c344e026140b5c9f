import { z } from "zod";
import { CALL_FEE_FIELDS, OPTIONAL_RATE_FIELDS } from "@/lib/pricing/charge";

const Whole = z
  .string()
  .trim()
  .regex(/^\d{1,15}$/, "a whole number");

export const PricesQuery = z.object({ model: z.string().trim().max(100).optional() });

/** Every optional rate and fee: omitted (or empty) means its default (docs/pricing.md). */
const optionalRates = Object.fromEntries(
  [...OPTIONAL_RATE_FIELDS, ...CALL_FEE_FIELDS].map((f) => [f, Whole.optional()]),
) as Record<
  (typeof OPTIONAL_RATE_FIELDS)[number] | (typeof CALL_FEE_FIELDS)[number],
  z.ZodOptional<typeof Whole>
>;

export const NewPriceRequest = z.object({
  provider: z.string().trim().min(1).max(50),
  model: z.string().trim().min(1).max(100),
  tier: z.enum(["free", "pro", "max"]),
  ptPerMInput: Whole,
  ptPerMOutput: Whole,
  costMicroUsdPerMInput: Whole,
  costMicroUsdPerMOutput: Whole,
  ...optionalRates,
  longContextThreshold: z
    .string()
    .trim()
    .regex(/^[1-9]\d{0,8}$/, "a whole number of tokens")
    .optional(),
  effectiveFrom: z.coerce.date().optional(),
  confirmLargeChange: z.boolean().optional(),
});

export const ProposalParams = z.object({ id: z.uuid() });
export const DecisionRequest = z.object({ decision: z.enum(["approve", "reject"]) });
