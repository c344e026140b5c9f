import { z } from "zod";

/** One message's text: a string, or OpenAI's array of text parts (joined). */
const Content = z
  .union([
    z.string().max(200_000),
    z
      .array(z.object({ type: z.literal("text"), text: z.string().max(200_000) }))
      .min(1)
      .max(64),
  ])
  .transform((c) => (typeof c === "string" ? c : c.map((p) => p.text).join("")));

const Message = z
  .object({
    role: z.enum(["system", "developer", "user", "assistant"]),
    content: Content,
    name: z.string().max(64).optional(),
  })
  .transform((m) => ({ role: m.role === "developer" ? ("system" as const) : m.role, content: m.content }));

/**
 * POST /v1/chat/completions (OpenAI's shape; unknown fields are ignored). Text messages only; one
 * choice (n = 1); max_completion_tokens wins over the older max_tokens; both are capped by the plan.
 */
export const ChatCompletionRequest = z
  .object({
    model: z.string().min(1).max(100),
    messages: z.array(Message).min(1).max(256),
    max_tokens: z.number().int().min(1).max(128_000).nullish(),
    max_completion_tokens: z.number().int().min(1).max(128_000).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    stop: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(4)]).nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
    n: z.literal(1).nullish(),
    user: z.string().max(256).optional(),
  })
  .transform((b) => ({
    model: b.model,
    messages: b.messages,
    maxTokens: b.max_completion_tokens ?? b.max_tokens ?? undefined,
    temperature: b.temperature ?? undefined,
    topP: b.top_p ?? undefined,
    stop: b.stop == null ? undefined : typeof b.stop === "string" ? [b.stop] : b.stop,
    stream: b.stream ?? false,
    includeUsage: b.stream_options?.include_usage ?? false,
  }));
export type ChatCompletionRequest = z.output<typeof ChatCompletionRequest>;
