// Worst-case PT of a chat request before it runs: prompt tokens counted with a real BPE tokenizer
// (gpt-tokenizer, o200k_base) plus the chat framing, every one at the highest input-side rate that
// could apply (a cache write costs more than plain input), maxOutputTokens at the higher of the
// output and reasoning rates, and the long-context tier when the prompt could cross it
// (charge.ts worstCaseOf).
// Anthropic does not publish its tokenizer; its token counts run higher than o200k on the same
// text, so estimates for non-OpenAI models carry a 25% margin (settle charges the real usage).
import { countTokens as bpeCount } from "gpt-tokenizer";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { CacheWrites } from "@/lib/pricing/charge";
import { worstCaseOf } from "@/lib/pricing/charge";
import type { ModelPrice } from "@/lib/pricing/prices";
import { getCurrentPrice } from "@/lib/pricing/prices";

export const DEFAULT_MAX_OUTPUT_TOKENS = 1024;
export const MAX_OUTPUT_TOKENS_LIMIT = 128_000;
// OpenAI's documented chat framing: about 3 tokens per message plus 3 to prime the reply.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

export type ChatMessage = { role: "system" | "user" | "assistant" | "tool"; content: string };

/** Tokens of a text with the o200k_base BPE (GPT-4o / 4.1 family). */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : bpeCount(text);
}

/** Prompt tokens of a chat, framing included. */
export function countChatTokens(messages: ChatMessage[]): number {
  let total = TOKENS_PER_REPLY;
  for (const m of messages) total += TOKENS_PER_MESSAGE + countTokens(m.role) + countTokens(m.content);
  return total;
}

/**
 * The cache writes a request to this provider may cause: Anthropic's as configured
 * (ANTHROPIC_PROMPT_CACHE); elsewhere 5-minute ones, which cost the input rate unless a row sets
 * a write rate (OpenAI's automatic caching writes for free).
 */
export function cacheWritesFor(provider: string): CacheWrites {
  return provider === "anthropic" ? env().ANTHROPIC_PROMPT_CACHE : "5m";
}

export async function estimate(
  db: Db,
  input: {
    model: string;
    messages: ChatMessage[];
    maxOutputTokens?: number;
    at?: Date;
    /** The price in force, when the caller has already looked it up. */
    price?: ModelPrice;
  },
): Promise<{ pt: bigint; inputTokens: number; maxOutputTokens: number }> {
  const maxOutputTokens = input.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  if (
    !Number.isSafeInteger(maxOutputTokens) ||
    maxOutputTokens < 1 ||
    maxOutputTokens > MAX_OUTPUT_TOKENS_LIMIT
  ) {
    throw new AppError("bad_request", `maxOutputTokens must be between 1 and ${MAX_OUTPUT_TOKENS_LIMIT}.`);
  }
  const price = input.price ?? (await getCurrentPrice(db, { model: input.model, at: input.at }));
  const counted = countChatTokens(input.messages);
  const inputTokens =
    price.provider === "openai" || price.provider === "demo" ? counted : Math.ceil((counted * 5) / 4);
  const pt = worstCaseOf(price, {
    inputTokens,
    outputTokens: maxOutputTokens,
    cacheWrites: cacheWritesFor(price.provider),
  });
  // A priced model with a tiny request still reserves at least 1 PT, so a hold always exists.
  return { pt: pt > 0n ? pt : 1n, inputTokens, maxOutputTokens };
}
