import { z } from "zod";

export const SessionParams = z.object({ id: z.uuid() });

export const SessionListResponse = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      method: z.string(),
      userAgent: z.string().nullable(),
      ip: z.string().nullable(),
      createdAt: z.date(),
      lastSeenAt: z.date(),
      expiresAt: z.date(),
      current: z.boolean(),
    }),
  ),
});
