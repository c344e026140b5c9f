import { z } from "zod";
import { ConversationSummary } from "@/app/api/conversations/schema";

export const ConversationParams = z.object({ id: z.uuid() });

export const RenameConversationRequest = z.object({ title: z.string().trim().min(1).max(120) });

/** GET /api/conversations/:id: the conversation and its visible messages, oldest first. */
export const ConversationResponse = z.object({
  conversation: ConversationSummary,
  messages: z.array(
    z.object({
      id: z.uuid(),
      role: z.enum(["user", "assistant"]),
      content: z.string(),
      model: z.string().nullable(),
      status: z.enum(["streaming", "complete", "aborted", "error"]),
      inputTokens: z.number().int().nullable(),
      outputTokens: z.number().int().nullable(),
      ptCharged: z.bigint().nullable(),
      createdAt: z.date(),
    }),
  ),
});
export const RenameConversationResponse = z.object({ conversation: ConversationSummary });
