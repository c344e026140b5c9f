import { z } from "zod";

export const AuditQuery = z.object({
  actorId: z.uuid().optional(),
  action: z.string().trim().max(100).optional(),
  targetId: z.string().trim().max(255).optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
