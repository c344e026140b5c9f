// Usage normalisation per provider, from the real wire formats and from the AI SDK's usage: the
// parts (cached, cache writes, reasoning) always sum into the totals, never on top of them.
import { describe, expect, it } from "vitest";
import { fromAnthropicWire, fromOpenAiWire, fromSdkUsage } from "@/lib/pricing/usage";

describe("usage normalisation", () => {
  it("OpenAI Chat Completions: prompt_tokens already include cached_tokens; reasoning is in completion", () => {
    const wire = {
      prompt_tokens: 12_000,
      completion_tokens: 900,
      total_tokens: 12_900,
      prompt_tokens_details: { cached_tokens: 10_240, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 640, audio_tokens: 0 },
    };
    expect(fromOpenAiWire(wire)).toEqual({
      inputTokens: 12_000,
      cachedInputTokens: 10_240,
      outputTokens: 900,
      reasoningTokens: 640,
    });
  });

  it("OpenAI Responses: input_tokens include input_tokens_details.cached_tokens", () => {
    const wire = {
      input_tokens: 5_000,
      input_tokens_details: { cached_tokens: 4_096 },
      output_tokens: 300,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 5_300,
    };
    expect(fromOpenAiWire(wire)).toEqual({ inputTokens: 5_000, cachedInputTokens: 4_096, outputTokens: 300 });
  });

  it("Anthropic: input_tokens exclude cache reads and writes; writes split by lifetime", () => {
    const wire = {
      input_tokens: 50,
      cache_read_input_tokens: 20_000,
      cache_creation_input_tokens: 3_000,
      cache_creation: { ephemeral_5m_input_tokens: 2_000, ephemeral_1h_input_tokens: 1_000 },
      output_tokens: 800,
      server_tool_use: { web_search_requests: 2 },
    };
    expect(fromAnthropicWire(wire)).toEqual({
      inputTokens: 23_050,
      cachedInputTokens: 20_000,
      cacheWrite5mTokens: 2_000,
      cacheWrite1hTokens: 1_000,
      outputTokens: 800,
      webSearchCalls: 2,
    });
    // Without the split every write is a 5-minute one (the API's default lifetime).
    expect(
      fromAnthropicWire({ input_tokens: 10, cache_creation_input_tokens: 500, output_tokens: 1 }),
    ).toEqual({
      inputTokens: 510,
      cacheWrite5mTokens: 500,
      outputTokens: 1,
    });
  });

  it("the AI SDK's Anthropic usage: writes counted once, the 1-hour part read from the raw usage", () => {
    // What @ai-sdk/anthropic reports for the wire usage above (convertAnthropicUsage).
    const raw = {
      input_tokens: 50,
      cache_read_input_tokens: 20_000,
      cache_creation_input_tokens: 3_000,
      cache_creation: { ephemeral_5m_input_tokens: 2_000, ephemeral_1h_input_tokens: 1_000 },
      output_tokens: 800,
    };
    const sdk = {
      inputTokens: { total: 23_050, noCache: 50, cacheRead: 20_000, cacheWrite: 3_000 },
      outputTokens: { total: 800, text: undefined, reasoning: undefined },
      raw,
    };
    expect(fromSdkUsage(sdk, "anthropic.messages")).toEqual({
      inputTokens: 23_050,
      cachedInputTokens: 20_000,
      cacheWrite5mTokens: 2_000,
      cacheWrite1hTokens: 1_000,
      outputTokens: 800,
    });
  });

  it("the AI SDK's OpenAI-compatible usage, and a provider that reported nothing", () => {
    const sdk = {
      inputTokens: { total: 12_000, noCache: 1_760, cacheRead: 10_240, cacheWrite: undefined },
      outputTokens: { total: 900, text: 260, reasoning: 640 },
      raw: { prompt_tokens: 12_000, completion_tokens: 900 },
    };
    expect(fromSdkUsage(sdk, "compatible.chat")).toEqual({
      inputTokens: 12_000,
      cachedInputTokens: 10_240,
      outputTokens: 900,
      reasoningTokens: 640,
    });
    const none = { inputTokens: { total: undefined }, outputTokens: { total: undefined } };
    expect(fromSdkUsage(none, "demo")).toEqual({});
  });

  it("clamps parts a provider over-reports to their totals", () => {
    expect(
      fromOpenAiWire({
        prompt_tokens: 100,
        prompt_tokens_details: { cached_tokens: 150 },
        completion_tokens: 5,
        completion_tokens_details: { reasoning_tokens: 9 },
      }),
    ).toEqual({
      inputTokens: 100,
      cachedInputTokens: 100,
      outputTokens: 5,
      reasoningTokens: 5,
    });
  });
});
