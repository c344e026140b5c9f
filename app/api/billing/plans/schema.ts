import { z } from "zod";

const Digits = z.string().regex(/^\d+$/);

export const PlansResponse = z.object({
  currency: z.enum(["usd", "inr", "eur", "gbp"]),
  testMode: z.boolean(),
  ptPerTypicalMessage: Digits,
  plans: z.array(
    z.object({
      id: z.enum(["free", "pro", "max"]),
      name: z.string(),
      priceMinor: Digits,
      price: z.string(),
      monthlyAllowancePt: Digits,
      approxMessages: z.string(),
      modelTiers: z.array(z.string()),
      requestsPerMinute: z.number().int(),
      concurrentStreams: z.number().int(),
      maxOutputTokens: z.number().int(),
      dailyPtCap: Digits,
      purchasable: z.boolean(),
    }),
  ),
  packs: z.array(
    z.object({
      id: z.enum(["small", "medium", "large"]),
      name: z.string(),
      priceMinor: Digits,
      price: z.string(),
      pt: Digits,
      approxMessages: z.string(),
      purchasable: z.boolean(),
    }),
  ),
});
