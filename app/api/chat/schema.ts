import { z } from "zod";
import { findConfiguredModel } from "@/lib/chat/catalog";

export const MAX_MESSAGE_CHARS = 8_000;

export const ChatRequest = z.object({
  conversationId: z.uuid().optional(),
  model: z
    .string()
    .min(1)
    .max(100)
    .refine((id) => findConfiguredModel(id) !== undefined, "Unknown model."),
  message: z
    .string()
    .trim()
    .min(1, "Write a message.")
    .max(MAX_MESSAGE_CHARS, `At most ${MAX_MESSAGE_CHARS} characters.`),
  maxOutputTokens: z.number().int().min(1).max(128_000).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;
