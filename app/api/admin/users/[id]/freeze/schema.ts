import { z } from "zod";

export const FreezeRequest = z.object({ frozen: z.boolean(), reason: z.string().trim().max(500).optional() });
