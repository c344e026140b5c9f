import { z } from "zod";

export const WebhooksQuery = z.object({
  status: z.enum(["received", "processing", "applied", "ignored", "failed", "dead"]).optional(),
  type: z.string().trim().max(100).optional(),
  cursor: z.string().max(255).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const EventParams = z.object({ id: z.string().min(1).max(255) });
