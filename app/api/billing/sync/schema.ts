import { z } from "zod";

export const SyncResponse = z.object({
  mode: z.enum(["stripe", "test"]),
  checked: z.number().int(),
  applied: z.number().int(),
});
