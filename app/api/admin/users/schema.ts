import { z } from "zod";

export const UsersQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(["active", "frozen", "deleted"]).optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const UserParams = z.object({ id: z.uuid() });
