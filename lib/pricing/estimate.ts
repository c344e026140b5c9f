// Worst-case PT of a chat request before it runs: prompt tokens counted with a real BPE tokenizer
// (gpt-tokenizer, o200k_base) plus the chat framing, and maxOutputTokens at the output price.
// Anthropic does not publish its tokenizer; its token counts run higher than o200k on the same
// text, so estimates for non-OpenAI models carry a 25% margin (settle charges the real usage).
import { countTokens as bpeCount } from "gpt-tokenizer";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ModelPrice } from "@/lib/pricing/prices";
import { costOf, getCurrentPrice } from "@/lib/pricing/prices";

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
  const { pt } = costOf(price, { inputTokens, outputTokens: maxOutputTokens });
  // A priced model with a tiny request still reserves at least 1 PT, so a hold always exists.
  return { pt: pt > 0n ? pt : 1n, inputTokens, maxOutputTokens };
}
