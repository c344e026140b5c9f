import { z } from "zod";

export const OverviewQuery = z.object({ days: z.coerce.number().int().min(1).max(90).optional() });
