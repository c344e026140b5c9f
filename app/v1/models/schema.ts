import { z } from "zod";

const PtString = z.string().regex(/^\d+$/).describe("PT, a whole number as a decimal string");

/** GET /v1/models: OpenAI's list shape, with each model's price in PT per million tokens. */
export const ModelListResponse = z.object({
  object: z.literal("list"),
  data: z.array(
    z.object({
      id: z.string(),
      object: z.literal("model"),
      created: z.number().int(),
      owned_by: z.string(),
      /** The rates a request is billed at, per million tokens of each dimension (defaults applied). */
      pricing: z.object({
        pt_per_m_input: PtString,
        pt_per_m_output: PtString,
        pt_per_m_cached_input: PtString,
        pt_per_m_cache_write_5m: PtString,
        pt_per_m_cache_write_1h: PtString,
        pt_per_m_reasoning: PtString,
      }),
    }),
  ),
});
