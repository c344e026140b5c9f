import { z } from "zod";
import { findConfiguredModel } from "@/lib/chat/catalog";

export const MAX_MESSAGE_CHARS = 8_000;

/**
 * One chat turn. `action` (default "send") adds a message; "regenerate" answers the conversation's
 * last message again (no message: the reply it replaces leaves the view); "edit" replaces the last
 * message with `message` and answers it. Each is a new metered turn with its own hold.
 */
export const ChatRequest = z
  .object({
    conversationId: z.uuid().optional(),
    model: z
      .string()
      .min(1)
      .max(100)
      .refine((id) => findConfiguredModel(id) !== undefined, "Unknown model."),
    action: z.enum(["send", "regenerate", "edit"]).default("send"),
    message: z
      .string()
      .trim()
      .min(1, "Write a message.")
      .max(MAX_MESSAGE_CHARS, `At most ${MAX_MESSAGE_CHARS} characters.`)
      .optional(),
    maxOutputTokens: z.number().int().min(1).max(128_000).optional(),
    /** The team workspace this turn runs in (the team's pool pays); absent: personal. */
    teamId: z.uuid().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.action !== "send" && !body.conversationId)
      ctx.addIssue({
        code: "custom",
        path: ["conversationId"],
        message: `Name the conversation to ${body.action}.`,
      });
    if (body.action === "regenerate" && body.message !== undefined)
      ctx.addIssue({ code: "custom", path: ["message"], message: "A regenerated reply takes no message." });
    if (body.action !== "regenerate" && body.message === undefined)
      ctx.addIssue({ code: "custom", path: ["message"], message: "Write a message." });
  });
export type ChatRequest = z.infer<typeof ChatRequest>;
