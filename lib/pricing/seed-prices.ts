// Default model prices: the providers' public list prices per 1M tokens, converted to PT with
// PT_PER_USD (so 1 PT is a fixed fraction of list price) and stored with provider cost = list
// price. Margin comes from how plans price PT, not from these rows. Checked against:
//   OpenAI    https://openai.com/api/pricing/  (and https://platform.openai.com/docs/pricing)
//   Anthropic https://www.anthropic.com/pricing#api  (and https://docs.anthropic.com/en/docs/about-claude/pricing)
// Re-seeding is a no-op (same model + effectiveFrom). A price change is a new row via addPrice.
import type { Db } from "@/lib/db";
import { ptFromUsdMicros } from "@/lib/money/pt";
import type { Tier } from "@/lib/pricing/prices";
import { addPrice } from "@/lib/pricing/prices";

/** List prices in micro-USD per 1M tokens (input, output). */
export const DEFAULT_PRICES: {
  provider: string;
  model: string;
  inputMicroUsdPerM: bigint;
  outputMicroUsdPerM: bigint;
  tier: Tier;
  source: string;
}[] = [
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
    tier: "free",
    source: "https://openai.com/api/pricing/ ($0.15 / $0.60 per 1M)",
  },
  {
    provider: "openai",
    model: "gpt-4.1-mini",
    inputMicroUsdPerM: 400_000n,
    outputMicroUsdPerM: 1_600_000n,
    tier: "pro",
    source: "https://openai.com/api/pricing/ ($0.40 / $1.60 per 1M)",
  },
  {
    provider: "openai",
    model: "gpt-4.1",
    inputMicroUsdPerM: 2_000_000n,
    outputMicroUsdPerM: 8_000_000n,
    tier: "pro",
    source: "https://openai.com/api/pricing/ ($2.00 / $8.00 per 1M)",
  },
  {
    provider: "openai",
    model: "gpt-4o",
    inputMicroUsdPerM: 2_500_000n,
    outputMicroUsdPerM: 10_000_000n,
    tier: "pro",
    source: "https://openai.com/api/pricing/ ($2.50 / $10.00 per 1M)",
  },
  {
    provider: "anthropic",
    model: "claude-3-5-haiku-20241022",
    inputMicroUsdPerM: 800_000n,
    outputMicroUsdPerM: 4_000_000n,
    tier: "pro",
    source: "https://www.anthropic.com/pricing#api ($0.80 / $4 per 1M)",
  },
  {
    provider: "anthropic",
    model: "claude-haiku-4-5-20251001",
    inputMicroUsdPerM: 1_000_000n,
    outputMicroUsdPerM: 5_000_000n,
    tier: "pro",
    source: "https://www.anthropic.com/pricing#api ($1 / $5 per 1M)",
  },
  {
    provider: "anthropic",
    model: "claude-sonnet-4-20250514",
    inputMicroUsdPerM: 3_000_000n,
    outputMicroUsdPerM: 15_000_000n,
    tier: "max",
    source: "https://www.anthropic.com/pricing#api ($3 / $15 per 1M)",
  },
];

/** The effectiveFrom of the seeded rows: fixed, so seeding twice never adds a second row. */
export const SEED_EFFECTIVE_FROM = new Date("2025-01-01T00:00:00Z");

export async function seedPrices(db: Db): Promise<number> {
  let created = 0;
  for (const p of DEFAULT_PRICES) {
    const result = await addPrice(db, {
      provider: p.provider,
      model: p.model,
      ptPerMInput: ptFromUsdMicros(p.inputMicroUsdPerM),
      ptPerMOutput: ptFromUsdMicros(p.outputMicroUsdPerM),
      costMicroUsdPerMInput: p.provider === "demo" ? 0n : p.inputMicroUsdPerM,
      costMicroUsdPerMOutput: p.provider === "demo" ? 0n : p.outputMicroUsdPerM,
      tier: p.tier,
      effectiveFrom: SEED_EFFECTIVE_FROM,
      source: p.source,
    });
    if (result.created) created++;
  }
  return created;
}
