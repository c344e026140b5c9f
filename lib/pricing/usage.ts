// Usage normalised for billing, whatever the provider. Totals are what the providers call them in
// OpenAI's shape: inputTokens counts every prompt token (cached and cache-written included) and
// outputTokens every generated token (reasoning included); the other counts are parts of those
// totals. Providers differ on the wire: OpenAI's prompt_tokens (Chat) / input_tokens (Responses)
// include prompt_tokens_details.cached_tokens; Anthropic's input_tokens EXCLUDES
// cache_read_input_tokens and cache_creation_input_tokens (5 min and 1 h writes are split in
// cache_creation); reasoning is inside completion/output tokens for both. Double counting here is
// the classic overbilling bug, so every normaliser returns parts that sum to the totals.

export type TokenUsage = {
  /** All prompt tokens: uncached + cached + cache-written. */
  inputTokens: number;
  /** Of inputTokens: read from the provider's prompt cache. */
  cachedInputTokens?: number;
  /** Of inputTokens: written to the cache with a 5-minute lifetime. */
  cacheWrite5mTokens?: number;
  /** Of inputTokens: written to the cache with a 1-hour lifetime. */
  cacheWrite1hTokens?: number;
  /** All generated tokens: text + reasoning. */
  outputTokens: number;
  /** Of outputTokens: reasoning ("thinking") tokens. */
  reasoningTokens?: number;
  webSearchCalls?: number;
  codeInterpreterCalls?: number;
};

/** The usage a provider reported; totals are missing when it reported none (aborts, some servers). */
export type ReportedUsage = Partial<TokenUsage>;

/** The AI SDK's usage (LanguageModelV3Usage / V4Usage agree on these fields). */
export type SdkUsage = {
  inputTokens: {
    total: number | undefined;
    noCache?: number | undefined;
    cacheRead?: number | undefined;
    cacheWrite?: number | undefined;
  };
  outputTokens: { total: number | undefined; text?: number | undefined; reasoning?: number | undefined };
  raw?: unknown;
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === "object" ? (v as Json) : {});
const int = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : undefined;

/** Parts never exceed their totals, and zero parts are left out (a compact, comparable shape). */
function tidy(u: ReportedUsage): ReportedUsage {
  const out: ReportedUsage = {};
  if (u.inputTokens !== undefined) out.inputTokens = u.inputTokens;
  if (u.outputTokens !== undefined) out.outputTokens = u.outputTokens;
  let room = u.inputTokens ?? Number.POSITIVE_INFINITY;
  for (const key of ["cachedInputTokens", "cacheWrite5mTokens", "cacheWrite1hTokens"] as const) {
    const v = Math.min(u[key] ?? 0, room);
    room -= v;
    if (v > 0) out[key] = v;
  }
  const reasoning = Math.min(u.reasoningTokens ?? 0, u.outputTokens ?? Number.POSITIVE_INFINITY);
  if (reasoning > 0) out.reasoningTokens = reasoning;
  if ((u.webSearchCalls ?? 0) > 0) out.webSearchCalls = u.webSearchCalls;
  if ((u.codeInterpreterCalls ?? 0) > 0) out.codeInterpreterCalls = u.codeInterpreterCalls;
  return out;
}

/**
 * OpenAI's wire usage, Chat Completions (`prompt_tokens`, `completion_tokens`) or Responses
 * (`input_tokens`, `output_tokens`): the input total already includes the cached tokens.
 */
export function fromOpenAiWire(raw: unknown): ReportedUsage {
  const u = obj(raw);
  const inDetails = obj(u.prompt_tokens_details ?? u.input_tokens_details);
  const outDetails = obj(u.completion_tokens_details ?? u.output_tokens_details);
  return tidy({
    inputTokens: int(u.prompt_tokens ?? u.input_tokens),
    outputTokens: int(u.completion_tokens ?? u.output_tokens),
    cachedInputTokens: int(inDetails.cached_tokens),
    reasoningTokens: int(outDetails.reasoning_tokens),
  });
}

/**
 * Anthropic's wire usage: `input_tokens` are only the uncached tokens after the last cache
 * breakpoint, so the total adds cache reads and writes; writes split by lifetime in
 * `cache_creation` (all 5-minute when the split is absent, the API's default lifetime).
 */
export function fromAnthropicWire(raw: unknown): ReportedUsage {
  const u = obj(raw);
  const uncached = int(u.input_tokens);
  const read = int(u.cache_read_input_tokens) ?? 0;
  const written = int(u.cache_creation_input_tokens) ?? 0;
  const split = obj(u.cache_creation);
  const w1h = int(split.ephemeral_1h_input_tokens) ?? 0;
  const w5m = int(split.ephemeral_5m_input_tokens) ?? Math.max(0, written - w1h);
  return tidy({
    inputTokens: uncached === undefined ? undefined : uncached + read + w5m + w1h,
    outputTokens: int(u.output_tokens),
    cachedInputTokens: read,
    cacheWrite5mTokens: w5m,
    cacheWrite1hTokens: w1h,
    reasoningTokens: int(obj(u.output_tokens_details).thinking_tokens),
    webSearchCalls: int(obj(u.server_tool_use).web_search_requests),
  });
}

/**
 * The usage of an AI SDK stream's finish part. The SDK already reports totals in the shape above
 * (its Anthropic provider adds cache reads and writes into inputTokens.total); the wire usage it
 * passes through as `raw` adds what the SDK does not split out: Anthropic's 1-hour writes and web
 * search requests.
 */
export function fromSdkUsage(usage: SdkUsage, provider: string): ReportedUsage {
  const raw = obj(usage.raw);
  const anthropic = provider.startsWith("anthropic") || "cache_creation_input_tokens" in raw;
  const wire = anthropic ? fromAnthropicWire(raw) : fromOpenAiWire(raw);
  const writes = usage.inputTokens.cacheWrite;
  const w1h = anthropic ? (wire.cacheWrite1hTokens ?? 0) : 0;
  return tidy({
    inputTokens: usage.inputTokens.total ?? wire.inputTokens,
    outputTokens: usage.outputTokens.total ?? wire.outputTokens,
    cachedInputTokens: usage.inputTokens.cacheRead ?? wire.cachedInputTokens,
    cacheWrite5mTokens: writes === undefined ? wire.cacheWrite5mTokens : Math.max(0, writes - w1h),
    cacheWrite1hTokens: writes === undefined ? wire.cacheWrite1hTokens : Math.min(w1h, writes),
    reasoningTokens: usage.outputTokens.reasoning ?? wire.reasoningTokens,
    webSearchCalls: wire.webSearchCalls,
  });
}
