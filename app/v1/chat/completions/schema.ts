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

const PtString = z.string().regex(/^\d+$/).describe("PT, a whole number as a decimal string");
const FinishReason = z.enum(["stop", "length", "content_filter"]);
const Usage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
});
/** Ledgerchat's addition to OpenAI's answer: the hold, the exact charge and what is left. */
const Ledger = z.object({ pt_reserved: PtString, pt_charged: PtString, pt_available: PtString });

/** The answer to a non-streaming request. */
export const ChatCompletionResponse = z.object({
  id: z.string().startsWith("chatcmpl-"),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z
    .array(
      z.object({
        index: z.literal(0),
        message: z.object({ role: z.literal("assistant"), content: z.string() }),
        finish_reason: FinishReason,
        logprobs: z.null(),
      }),
    )
    .length(1),
  usage: Usage,
  ledgerchat: Ledger,
});

/** One `data:` event of a streaming answer (the stream ends with `data: [DONE]`). */
export const ChatCompletionChunk = z.object({
  id: z.string().startsWith("chatcmpl-"),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.literal(0),
      delta: z.object({ role: z.literal("assistant").optional(), content: z.string().optional() }),
      finish_reason: FinishReason.nullable(),
      logprobs: z.null(),
    }),
  ),
  /** Only in the last chunk, with stream_options.include_usage (its choices are empty). */
  usage: Usage.optional(),
  ledgerchat: Ledger.optional(),
});
