// One chat completion at the AI SDK's provider interface (doStream of a V3 or V4 model), reduced to
// the events billing needs: text, finish with usage, abort, error. A chat turn is one text answer
// with no tools and no steps, so streamText's orchestration (step loop, tool handling, stream
// teeing, telemetry) is skipped: it cost about 1.5 ms of CPU per request (bench/README.md).
import { setTimeout as sleep } from "node:timers/promises";
import type { LanguageModelV3, LanguageModelV4 } from "@ai-sdk/provider";
import { APICallError } from "@ai-sdk/provider";
import type { FinishReason, ModelMessage } from "ai";
import type { ReportedUsage, SdkUsage } from "@/lib/pricing/usage";
import { fromSdkUsage } from "@/lib/pricing/usage";
import { type SpanHandle, tracingActive } from "@/lib/tracing";

/** The provider's usage, normalised per dimension (lib/pricing/usage.ts). */
export type ModelUsage = ReportedUsage;

export type ModelEvent =
  | { type: "text"; text: string }
  | { type: "finish"; finishReason: FinishReason; usage: ModelUsage }
  | { type: "abort" }
  | { type: "error"; error: unknown };

/** The provider packages build V4 models; the built-in demo model implements V3. */
export type ChatLanguageModel = LanguageModelV3 | LanguageModelV4;

export type ModelCallInput = {
  model: ChatLanguageModel;
  messages: ModelMessage[];
  maxOutputTokens: number;
  abortSignal: AbortSignal;
  /** Sampling options of the public API (lib/api); chat leaves them to the provider's defaults. */
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  /**
   * Anthropic prompt caching: a cache breakpoint with this lifetime on the last message, so the
   * conversation so far is written to the cache and the next turn reads it. Default: none.
   */
  promptCache?: "off" | "5m" | "1h";
  /** Retries of a retryable failure (429, 5xx) before any output; default 1. */
  maxRetries?: number;
  retryDelayMs?: number;
};

function textOf(content: ModelMessage["content"]): string {
  if (typeof content === "string") return content;
  return content.map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");
}

type CacheOptions = { anthropic: { cacheControl: { type: "ephemeral"; ttl: "5m" | "1h" } } };

/** A text-only provider prompt: valid as a V3 and as a V4 prompt. */
export type TextPrompt = Array<
  (
    | { role: "system"; content: string }
    | { role: "user" | "assistant"; content: [{ type: "text"; text: string }] }
  ) & { providerOptions?: CacheOptions }
>;

/**
 * The provider prompt of a text-only conversation (chat history holds text messages only). With
 * `promptCache`, the last message carries an Anthropic cache breakpoint: the whole prompt is cached
 * (a write, billed above input) and the next turn, which repeats it as its prefix, reads it (billed
 * at a tenth). Other providers ignore the option; OpenAI caches prefixes on its own.
 */
export function toProviderPrompt(
  messages: ModelMessage[],
  promptCache: ModelCallInput["promptCache"] = "off",
): TextPrompt {
  const prompt: TextPrompt = [];
  for (const m of messages) {
    const text = textOf(m.content);
    if (m.role === "system") prompt.push({ role: "system", content: text });
    else if (m.role === "user") prompt.push({ role: "user", content: [{ type: "text", text }] });
    else if (m.role === "assistant") prompt.push({ role: "assistant", content: [{ type: "text", text }] });
  }
  const last = prompt.at(-1);
  if (last && promptCache !== "off") {
    last.providerOptions = { anthropic: { cacheControl: { type: "ephemeral", ttl: promptCache } } };
  }
  return prompt;
}

/** Starts the call at once (the request is in flight when this returns) and yields its events. */
export function callModel(input: ModelCallInput): AsyncGenerator<ModelEvent> {
  const started = startStream(input);
  // The generator may never be iterated (a failed turn save aborts the call first).
  started.catch(() => undefined);
  return events(input.abortSignal, started, input.model.provider);
}

/** The parts this module reads; V3 and V4 stream parts agree on them. */
type StreamPart =
  | { type: "text-delta"; delta: string }
  | {
      type: "finish";
      finishReason: { unified: FinishReason };
      usage: SdkUsage;
    }
  | { type: "error"; error: unknown }
  | { type: "other" };

async function startStream(input: ModelCallInput): Promise<ReadableStream<StreamPart>> {
  const prompt = toProviderPrompt(input.messages, input.promptCache);
  const maxRetries = input.maxRetries ?? 1;
  for (let attempt = 0; ; attempt++) {
    try {
      const options = {
        prompt,
        maxOutputTokens: input.maxOutputTokens,
        abortSignal: input.abortSignal,
        temperature: input.temperature,
        topP: input.topP,
        stopSequences: input.stopSequences,
      };
      // The text-only prompt and these options mean the same in both specification versions.
      const { stream } =
        input.model.specificationVersion === "v4"
          ? await input.model.doStream(options)
          : await input.model.doStream(options);
      return stream as ReadableStream<StreamPart>;
    } catch (error) {
      const retry =
        attempt < maxRetries &&
        !input.abortSignal.aborted &&
        APICallError.isInstance(error) &&
        error.isRetryable;
      if (!retry) throw error;
      // An abort during the wait rejects it; the caller reports that as an abort.
      await sleep((input.retryDelayMs ?? 1_000) * 2 ** attempt, undefined, { signal: input.abortSignal });
    }
  }
}

async function* events(
  signal: AbortSignal,
  started: ReturnType<typeof startStream>,
  provider: string,
): AsyncGenerator<ModelEvent> {
  try {
    const stream = await started;
    for await (const part of stream) {
      if (part.type === "text-delta") {
        if (part.delta.length > 0) yield { type: "text", text: part.delta };
      } else if (part.type === "finish") {
        yield {
          type: "finish",
          finishReason: part.finishReason.unified,
          usage: fromSdkUsage(part.usage, provider),
        };
      } else if (part.type === "error") {
        yield { type: "error", error: part.error };
        return;
      }
    }
    if (signal.aborted) yield { type: "abort" };
  } catch (error) {
    yield signal.aborted ? { type: "abort" } : { type: "error", error };
  }
}

/**
 * The events unchanged, ending `span` (the provider call's) when they end: with the finish reason
 * and token counts, or failed on a provider error. Returns them as they are while tracing is off.
 */
export function traceModelEvents(
  source: AsyncGenerator<ModelEvent>,
  span: SpanHandle,
): AsyncGenerator<ModelEvent> {
  return tracingActive() ? traced(source, span) : source;
}

async function* traced(source: AsyncGenerator<ModelEvent>, span: SpanHandle): AsyncGenerator<ModelEvent> {
  let failure: unknown;
  try {
    for await (const event of source) {
      if (event.type === "finish") {
        const { inputTokens, outputTokens } = event.usage;
        span.setAttributes({
          "gen_ai.response.finish_reasons": [event.finishReason],
          ...(inputTokens === undefined ? {} : { "gen_ai.usage.input_tokens": inputTokens }),
          ...(outputTokens === undefined ? {} : { "gen_ai.usage.output_tokens": outputTokens }),
        });
      } else if (event.type === "abort") span.setAttributes({ "ledgerchat.aborted": true });
      else if (event.type === "error") failure = event.error ?? "provider error";
      yield event;
    }
  } finally {
    span.end(failure);
  }
}
