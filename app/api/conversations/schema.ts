import { z } from "zod";

export const ListConversationsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  q: z.string().trim().max(100).optional(),
  /** The team workspace whose conversations to list (your own in it); absent: personal ones. */
  teamId: z.uuid().optional(),
});

export const ConversationSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  model: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const ListConversationsResponse = z.object({
  items: z.array(ConversationSummary),
  nextCursor: z.string().nullable(),
});
