import { z } from "zod";

export const RunsQuery = z.object({
  withErrors: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const RunParams = z.object({ id: z.uuid() });
export const RunQuery = z.object({ severity: z.enum(["error", "warning", "info"]).optional() });
