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
      pricing: z.object({ pt_per_m_input: PtString, pt_per_m_output: PtString }),
    }),
  ),
});
