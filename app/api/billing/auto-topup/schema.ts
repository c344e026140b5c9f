import { z } from "zod";
import { PACK_IDS } from "@/lib/billing/catalog";

/** PUT /api/billing/auto-topup: on/off, the threshold in PT (decimal string), the pack, the daily maximum. */
export const AutoTopUpRequest = z.strictObject({
  enabled: z.boolean(),
  thresholdPt: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,12}$/, "A whole number of PT, at least 1.")
    .transform((v) => BigInt(v)),
  pack: z.enum(PACK_IDS),
  maxPerDay: z.number().int().min(1).max(10),
});
