import { z } from "zod";
import { MAX_OUTPUT_TOKENS_LIMIT } from "@/lib/pricing/estimate";

export const EstimateRequest = z.object({
  model: z.string().min(1).max(100),
  messages: z
    .array(
      z.object({
        role: z.enum(["system", "user", "assistant", "tool"]),
        content: z.string().max(400_000),
      }),
    )
    .min(1)
    .max(500),
  maxOutputTokens: z.number().int().min(1).max(MAX_OUTPUT_TOKENS_LIMIT).optional(),
});

export const EstimateResponse = z.object({
  pt: z.string().regex(/^\d+$/),
  inputTokens: z.number().int().nonnegative(),
  maxOutputTokens: z.number().int().positive(),
});
