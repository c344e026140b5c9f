// Default model prices: the providers' public list prices per 1M tokens, converted to PT with
// PT_PER_USD (so 1 PT is a fixed fraction of list price) and stored with provider cost = list
// price. Margin comes from how plans price PT, not from these rows. Checked against:
//   OpenAI    https://openai.com/api/pricing/  (and https://platform.openai.com/docs/pricing)
//   Anthropic https://www.anthropic.com/pricing#api  (and https://docs.anthropic.com/en/docs/about-claude/pricing)
// Cached input, cache writes and the long-context tier are the providers' own rates (OpenAI: cached
// input on the same pages; Anthropic: https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
// — reads 0.1x, 5-minute writes 1.25x, 1-hour writes 2x — and, for Sonnet 4 above 200K input
// tokens, $6 / $22.50 with the cache rates scaled alike; web search $10 per 1,000 calls).
// Reasoning bills at the output rate. lib/pricing/sync/litellm-snapshot.json agrees with these.
// Re-seeding is a no-op (same model + effectiveFrom). A price change is a new row via addPrice.
import type { Db } from "@/lib/db";
import { ptFromUsdMicros } from "@/lib/money/pt";
import type { NewPrice, Tier } from "@/lib/pricing/prices";
import { addPrice } from "@/lib/pricing/prices";

/** Rates of one tier in micro-USD per 1M tokens; unset ones take their defaults (charge.ts). */
type ListRates = {
  inputMicroUsdPerM: bigint;
  outputMicroUsdPerM: bigint;
  cachedMicroUsdPerM?: bigint;
  cacheWrite5mMicroUsdPerM?: bigint;
  cacheWrite1hMicroUsdPerM?: bigint;
};

/** List prices in micro-USD per 1M tokens. */
export const DEFAULT_PRICES: (ListRates & {
  provider: string;
  model: string;
  tier: Tier;
  source: string;
  longContext?: ListRates & { threshold: number };
  /** Web search, per call (Anthropic: $10 per 1,000 searches). */
  webSearchMicroUsdPerCall?: bigint;
})[] = [
  // The built-in demo model costs the operator nothing but is metered like gpt-4o-mini, so the
  // whole reserve → settle flow runs for real on a fresh install.
  {
    provider: "demo",
    model: "demo",
    inputMicroUsdPerM: 150_000n,
    outputMicroUsdPerM: 600_000n,
    tier: "free",
    source: "builtin demo model, metered at gpt-4o-mini list price",
  },
  {
    provider: "openai",
    model: "gpt-4o-mini",
    inputMicroUsdPerM: 150_000n,
    outputMicroUsdPerM: 600_000n,
    cachedMicroUsdPerM: 75_000n,
    tier: "free",
    source: "https://openai.com/api/pricing/ ($0.15 / $0.60 per 1M, cached input $0.075)",
  },
  {
    provider: "openai",
    model: "gpt-4.1-mini",
    inputMicroUsdPerM: 400_000n,
    outputMicroUsdPerM: 1_600_000n,
    cachedMicroUsdPerM: 100_000n,
    tier: "pro",
    source: "https://openai.com/api/pricing/ ($0.40 / $1.60 per 1M, cached input $0.10)",
  },
  {
    provider: "openai",
    model: "gpt-4.1",
    inputMicroUsdPerM: 2_000_000n,
    outputMicroUsdPerM: 8_000_000n,
    cachedMicroUsdPerM: 500_000n,
    tier: "pro",
    source: "https://openai.com/api/pricing/ ($2.00 / $8.00 per 1M, cached input $0.50)",
  },
  {
    provider: "openai",
    model: "gpt-4o",
    inputMicroUsdPerM: 2_500_000n,
    outputMicroUsdPerM: 10_000_000n,
    cachedMicroUsdPerM: 1_250_000n,
    tier: "pro",
    source: "https://openai.com/api/pricing/ ($2.50 / $10.00 per 1M, cached input $1.25)",
  },
  {
    provider: "anthropic",
    model: "claude-3-5-haiku-20241022",
    inputMicroUsdPerM: 800_000n,
    outputMicroUsdPerM: 4_000_000n,
    cachedMicroUsdPerM: 80_000n,
    cacheWrite5mMicroUsdPerM: 1_000_000n,
    cacheWrite1hMicroUsdPerM: 1_600_000n,
    webSearchMicroUsdPerCall: 10_000n,
    tier: "pro",
    source: "https://www.anthropic.com/pricing#api ($0.80 / $4 per 1M; cache read $0.08, write $1 / $1.60)",
  },
  {
    provider: "anthropic",
    model: "claude-haiku-4-5-20251001",
    inputMicroUsdPerM: 1_000_000n,
    outputMicroUsdPerM: 5_000_000n,
    cachedMicroUsdPerM: 100_000n,
    cacheWrite5mMicroUsdPerM: 1_250_000n,
    cacheWrite1hMicroUsdPerM: 2_000_000n,
    webSearchMicroUsdPerCall: 10_000n,
    tier: "pro",
    source: "https://www.anthropic.com/pricing#api ($1 / $5 per 1M; cache read $0.10, write $1.25 / $2)",
  },
  {
    provider: "anthropic",
    model: "claude-sonnet-4-20250514",
    inputMicroUsdPerM: 3_000_000n,
    outputMicroUsdPerM: 15_000_000n,
    cachedMicroUsdPerM: 300_000n,
    cacheWrite5mMicroUsdPerM: 3_750_000n,
    cacheWrite1hMicroUsdPerM: 6_000_000n,
    longContext: {
      threshold: 200_000,
      inputMicroUsdPerM: 6_000_000n,
      outputMicroUsdPerM: 22_500_000n,
      cachedMicroUsdPerM: 600_000n,
      cacheWrite5mMicroUsdPerM: 7_500_000n,
      cacheWrite1hMicroUsdPerM: 12_000_000n,
    },
    webSearchMicroUsdPerCall: 10_000n,
    tier: "max",
    source:
      "https://www.anthropic.com/pricing#api ($3 / $15 per 1M; cache read $0.30, write $3.75 / $6; above 200K input $6 / $22.50)",
  },
];

/** The effectiveFrom of the seeded rows: fixed, so seeding twice never adds a second row. */
export const SEED_EFFECTIVE_FROM = new Date("2025-01-01T00:00:00Z");

/** A seed entry as a price row: PT from list price with PT_PER_USD; the demo model costs nothing. */
export function seedRow(p: (typeof DEFAULT_PRICES)[number]): NewPrice {
  const free = p.provider === "demo";
  const pt = (v: bigint | undefined) => (v === undefined ? null : ptFromUsdMicros(v));
  const cost = (v: bigint | undefined) => (v === undefined ? null : free ? 0n : v);
  const lc = p.longContext;
  return {
    provider: p.provider,
    model: p.model,
    tier: p.tier,
    ptPerMInput: ptFromUsdMicros(p.inputMicroUsdPerM),
    ptPerMOutput: ptFromUsdMicros(p.outputMicroUsdPerM),
    costMicroUsdPerMInput: free ? 0n : p.inputMicroUsdPerM,
    costMicroUsdPerMOutput: free ? 0n : p.outputMicroUsdPerM,
    ptPerMCachedInput: pt(p.cachedMicroUsdPerM),
    costMicroUsdPerMCachedInput: cost(p.cachedMicroUsdPerM),
    ptPerMCacheWrite5m: pt(p.cacheWrite5mMicroUsdPerM),
    costMicroUsdPerMCacheWrite5m: cost(p.cacheWrite5mMicroUsdPerM),
    ptPerMCacheWrite1h: pt(p.cacheWrite1hMicroUsdPerM),
    costMicroUsdPerMCacheWrite1h: cost(p.cacheWrite1hMicroUsdPerM),
    longContextThreshold: lc?.threshold ?? null,
    ptPerMInputLong: pt(lc?.inputMicroUsdPerM),
    costMicroUsdPerMInputLong: cost(lc?.inputMicroUsdPerM),
    ptPerMOutputLong: pt(lc?.outputMicroUsdPerM),
    costMicroUsdPerMOutputLong: cost(lc?.outputMicroUsdPerM),
    ptPerMCachedInputLong: pt(lc?.cachedMicroUsdPerM),
    costMicroUsdPerMCachedInputLong: cost(lc?.cachedMicroUsdPerM),
    ptPerMCacheWrite5mLong: pt(lc?.cacheWrite5mMicroUsdPerM),
    costMicroUsdPerMCacheWrite5mLong: cost(lc?.cacheWrite5mMicroUsdPerM),
    ptPerMCacheWrite1hLong: pt(lc?.cacheWrite1hMicroUsdPerM),
    costMicroUsdPerMCacheWrite1hLong: cost(lc?.cacheWrite1hMicroUsdPerM),
    ptPerWebSearchCall: pt(p.webSearchMicroUsdPerCall) ?? 0n,
    costMicroUsdPerWebSearchCall: cost(p.webSearchMicroUsdPerCall) ?? 0n,
    source: p.source,
    effectiveFrom: SEED_EFFECTIVE_FROM,
  };
}

export async function seedPrices(db: Db): Promise<number> {
  let created = 0;
  for (const p of DEFAULT_PRICES) {
    const result = await addPrice(db, seedRow(p));
    if (result.created) created++;
  }
  return created;
}
