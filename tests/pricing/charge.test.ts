// The charge arithmetic per dimension: worked examples equal to the providers' own arithmetic (the
// seeded list prices, docs/pricing.md), the defaults of unset rates, the long-context tier, tool
// fees, and fast-check properties: the charge is the exact sum rounded once half-even, and never
// above the hold's worst case for a usage within it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundHalfEven } from "@/lib/money/rounding";
import type { CacheWrites, PriceRates } from "@/lib/pricing/charge";
import { costOf, NO_EXTRA_RATES, worstCaseOf } from "@/lib/pricing/charge";
import { validatePrice } from "@/lib/pricing/prices";
import { DEFAULT_PRICES, seedRow } from "@/lib/pricing/seed-prices";
import type { TokenUsage } from "@/lib/pricing/usage";

function seeded(model: string): PriceRates {
  const entry = DEFAULT_PRICES.find((p) => p.model === model);
  if (!entry) throw new Error(`no seed for ${model}`);
  const { provider: _p, model: _m, tier: _t, ...rates } = validatePrice(seedRow(entry));
  return rates;
}

/** µUSD per 1M tokens × tokens, as the provider's invoice computes it, summed then rounded. */
const usd = (...terms: [tokens: number, microUsdPerM: number][]) =>
  roundHalfEven(
    terms.reduce((s, [t, r]) => s + BigInt(t) * BigInt(r), 0n),
    1_000_000n,
  );

describe("worked examples: the provider's arithmetic, to the PT", () => {
  it("OpenAI: a conversation whose history is cached pays the cached rate for the cached tokens", () => {
    // gpt-4o, usage { prompt_tokens: 12000, prompt_tokens_details.cached_tokens: 10240, completion_tokens: 500 }
    const gpt4o = seeded("gpt-4o");
    const usage = { inputTokens: 12_000, cachedInputTokens: 10_240, outputTokens: 500 };
    const providerMicroUsd = usd([1_760, 2_500_000], [10_240, 1_250_000], [500, 10_000_000]);
    expect(providerMicroUsd).toBe(22_200n); // $0.0222
    expect(costOf(gpt4o, usage)).toEqual({ pt: 2_220n, providerCostMicroUsd: providerMicroUsd });
    // Without the cached dimension the same usage was billed 3,500 PT: 58% more.
    expect(costOf(gpt4o, { inputTokens: 12_000, outputTokens: 500 }).pt).toBe(3_500n);
  });

  it("Anthropic: cache reads, 5-minute and 1-hour writes each at its rate, writes billed once", () => {
    // claude-sonnet-4, usage { input_tokens: 50, cache_read_input_tokens: 20000,
    //   cache_creation_input_tokens: 3000 (ephemeral_5m 2000, ephemeral_1h 1000), output_tokens: 800 }
    const sonnet = seeded("claude-sonnet-4-20250514");
    const usage = {
      inputTokens: 50 + 20_000 + 3_000,
      cachedInputTokens: 20_000,
      cacheWrite5mTokens: 2_000,
      cacheWrite1hTokens: 1_000,
      outputTokens: 800,
    };
    const providerMicroUsd = usd(
      [50, 3_000_000],
      [20_000, 300_000],
      [2_000, 3_750_000],
      [1_000, 6_000_000],
      [800, 15_000_000],
    );
    expect(providerMicroUsd).toBe(31_650n);
    expect(costOf(sonnet, usage)).toEqual({ pt: 3_165n, providerCostMicroUsd: 31_650n });
  });

  it("a 250K-token prompt on a tiered model pays the upper tier for the whole request", () => {
    const sonnet = seeded("claude-sonnet-4-20250514");
    const above = costOf(sonnet, { inputTokens: 250_000, outputTokens: 1_000 });
    expect(above.providerCostMicroUsd).toBe(usd([250_000, 6_000_000], [1_000, 22_500_000]));
    expect(above).toEqual({ pt: 152_250n, providerCostMicroUsd: 1_522_500n });
    // Exactly at the threshold is still the base tier ("above 200K").
    expect(costOf(sonnet, { inputTokens: 200_000, outputTokens: 1_000 }).providerCostMicroUsd).toBe(
      usd([200_000, 3_000_000], [1_000, 15_000_000]),
    );
    // Cached tokens count toward the threshold and take the tier's cached rate.
    const cachedAbove = costOf(sonnet, { inputTokens: 210_000, cachedInputTokens: 200_000, outputTokens: 0 });
    expect(cachedAbove.providerCostMicroUsd).toBe(usd([10_000, 6_000_000], [200_000, 600_000]));
  });

  it("reasoning sits inside the output, billed once at the output rate unless set", () => {
    const base = {
      ...NO_EXTRA_RATES,
      ptPerMInput: 100n,
      ptPerMOutput: 400n,
      costMicroUsdPerMInput: 1n,
      costMicroUsdPerMOutput: 4n,
    };
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, reasoningTokens: 600_000 };
    expect(costOf(base, usage).pt).toBe(500n); // never 400 + 600·400/1M more (LiteLLM #18599)
    const priced = { ...base, ptPerMReasoning: 1_000n };
    expect(costOf(priced, usage).pt).toBe(100n + 160n + 600n);
  });

  it("rounds once over every dimension: an aborted demo reply of 24 + 2 tokens is 0 PT", () => {
    const demo = seeded("demo");
    expect(costOf(demo, { inputTokens: 24, outputTokens: 2 }).pt).toBe(0n); // 0.36 + 0.12 = 0.48
    // 20 uncached (0.3 PT) + 60 cached (0.45 PT): rounded per dimension 0 + 0, rounded once 1.
    const mini = seeded("gpt-4o-mini");
    expect(costOf(mini, { inputTokens: 80, cachedInputTokens: 60, outputTokens: 0 }).pt).toBe(1n); // 0.3 + 0.45
  });

  it("adds per-call tool fees, and unset rates take their defaults", () => {
    const row = {
      ...NO_EXTRA_RATES,
      ptPerMInput: 1_000n,
      ptPerMOutput: 2_000n,
      costMicroUsdPerMInput: 10n,
      costMicroUsdPerMOutput: 20n,
      ptPerWebSearchCall: 1_000n,
      costMicroUsdPerWebSearchCall: 10_000n,
      ptPerCodeInterpreterCall: 3_000n,
      costMicroUsdPerCodeInterpreterCall: 30_000n,
    };
    expect(
      costOf(row, { inputTokens: 0, outputTokens: 0, webSearchCalls: 2, codeInterpreterCalls: 1 }),
    ).toEqual({
      pt: 5_000n,
      providerCostMicroUsd: 50_000n,
    });
    // Cached input and cache writes default to the input rate: nothing is discounted by omission.
    const u = {
      inputTokens: 1_000_000,
      cachedInputTokens: 300_000,
      cacheWrite5mTokens: 300_000,
      cacheWrite1hTokens: 300_000,
      outputTokens: 0,
    };
    expect(costOf(row, u).pt).toBe(1_000n);
  });

  it("refuses usages whose parts exceed their totals, and inconsistent rows", () => {
    const demo = seeded("demo");
    expect(() => costOf(demo, { inputTokens: 10, cachedInputTokens: 11, outputTokens: 0 })).toThrow();
    expect(() => costOf(demo, { inputTokens: 0, outputTokens: 1, reasoningTokens: 2 })).toThrow();
    const row = {
      provider: "x",
      model: "m",
      tier: "pro" as const,
      ptPerMInput: 1n,
      ptPerMOutput: 1n,
      costMicroUsdPerMInput: 1n,
      costMicroUsdPerMOutput: 1n,
    };
    expect(() => validatePrice({ ...row, longContextThreshold: 1000 })).toThrow(
      /required with a long-context tier/,
    );
    expect(() => validatePrice({ ...row, ptPerMInputLong: 5n })).toThrow(/need a longContextThreshold/);
    expect(() => validatePrice({ ...row, ptPerMCachedInput: -1n })).toThrow();
    expect(validatePrice(row).ptPerMCachedInput).toBeNull();
  });
});

// ── properties ───────────────────────────────────────────────────────────────────────────────
const rate = fc.bigInt({ min: 0n, max: 50_000_000n });
const optionalRate = fc.option(rate, { nil: null });
const priceArb: fc.Arbitrary<PriceRates> = fc
  .record({
    input: rate,
    output: rate,
    cached: optionalRate,
    w5: optionalRate,
    w1: optionalRate,
    reasoning: optionalRate,
    threshold: fc.option(fc.integer({ min: 1, max: 300_000 }), { nil: null }),
    long: fc.tuple(rate, rate, optionalRate, optionalRate, optionalRate, optionalRate),
    web: rate,
  })
  .map(({ input, output, cached, w5, w1, reasoning, threshold, long, web }) => {
    const row: PriceRates = {
      ...NO_EXTRA_RATES,
      ptPerMInput: input,
      ptPerMOutput: output,
      costMicroUsdPerMInput: input,
      costMicroUsdPerMOutput: output,
    };
    row.ptPerMCachedInput = cached;
    row.ptPerMCacheWrite5m = w5;
    row.ptPerMCacheWrite1h = w1;
    row.ptPerMReasoning = reasoning;
    row.ptPerWebSearchCall = web;
    if (threshold !== null) {
      row.longContextThreshold = threshold;
      [
        row.ptPerMInputLong,
        row.ptPerMOutputLong,
        row.ptPerMCachedInputLong,
        row.ptPerMCacheWrite5mLong,
        row.ptPerMCacheWrite1hLong,
        row.ptPerMReasoningLong,
      ] = long;
    }
    // The provider-cost side mirrors the PT side, so both must come out equal.
    for (const [key, value] of Object.entries(row)) {
      if (key.startsWith("pt")) (row as Record<string, unknown>)[`costMicroUsd${key.slice(2)}`] = value;
    }
    return row;
  });

const usageArb: fc.Arbitrary<TokenUsage> = fc
  .record({
    uncached: fc.nat(400_000),
    cached: fc.nat(300_000),
    w5: fc.nat(50_000),
    w1: fc.nat(50_000),
    text: fc.nat(100_000),
    reasoning: fc.nat(100_000),
    web: fc.nat(5),
  })
  .map((u) => ({
    inputTokens: u.uncached + u.cached + u.w5 + u.w1,
    cachedInputTokens: u.cached,
    cacheWrite5mTokens: u.w5,
    cacheWrite1hTokens: u.w1,
    outputTokens: u.text + u.reasoning,
    reasoningTokens: u.reasoning,
    webSearchCalls: u.web,
  }));

/** The charge written out independently: pick each dimension's rate by the documented rules. */
function referencePt(p: PriceRates, u: TokenUsage): bigint {
  const long = p.longContextThreshold !== null && u.inputTokens > p.longContextThreshold;
  const input = long ? (p.ptPerMInputLong as bigint) : p.ptPerMInput;
  const output = long ? (p.ptPerMOutputLong as bigint) : p.ptPerMOutput;
  const cached = (long ? p.ptPerMCachedInputLong : p.ptPerMCachedInput) ?? input;
  const w5 = (long ? p.ptPerMCacheWrite5mLong : p.ptPerMCacheWrite5m) ?? input;
  const w1 = (long ? p.ptPerMCacheWrite1hLong : p.ptPerMCacheWrite1h) ?? w5;
  const reasoning = (long ? p.ptPerMReasoningLong : p.ptPerMReasoning) ?? output;
  const c = u.cachedInputTokens ?? 0;
  const a = u.cacheWrite5mTokens ?? 0;
  const b = u.cacheWrite1hTokens ?? 0;
  const r = u.reasoningTokens ?? 0;
  const exact =
    BigInt(u.inputTokens - c - a - b) * input +
    BigInt(c) * cached +
    BigInt(a) * w5 +
    BigInt(b) * w1 +
    BigInt(u.outputTokens - r) * output +
    BigInt(r) * reasoning +
    BigInt(u.webSearchCalls ?? 0) * p.ptPerWebSearchCall * 1_000_000n;
  return roundHalfEven(exact, 1_000_000n);
}

describe("charge properties (fast-check)", () => {
  it("is the exact sum over every dimension rounded once, half-even", () => {
    fc.assert(
      fc.property(priceArb, usageArb, (price, usage) => {
        const { pt, providerCostMicroUsd } = costOf(price, usage);
        expect(pt).toBe(referencePt(price, usage));
        // Cost rates equal PT rates in these rows, so the two sides agree exactly.
        expect(providerCostMicroUsd).toBe(pt);
      }),
      { numRuns: 500 },
    );
  });

  it("never exceeds the hold's worst case for a usage within the held counts", () => {
    const cacheArb = fc.constantFrom<CacheWrites>("off", "5m", "1h");
    fc.assert(
      fc.property(
        priceArb,
        usageArb,
        cacheArb,
        fc.nat(50_000),
        fc.nat(50_000),
        (price, u, cache, extraIn, extraOut) => {
          // A request may only write the cache the way it was allowed to.
          const usage = {
            ...u,
            webSearchCalls: 0,
            cacheWrite5mTokens: cache === "off" ? 0 : (u.cacheWrite5mTokens ?? 0),
            cacheWrite1hTokens: cache === "1h" ? (u.cacheWrite1hTokens ?? 0) : 0,
          };
          usage.inputTokens =
            u.inputTokens -
            (u.cacheWrite5mTokens ?? 0) -
            (u.cacheWrite1hTokens ?? 0) +
            usage.cacheWrite5mTokens +
            usage.cacheWrite1hTokens;
          const worst = worstCaseOf(price, {
            inputTokens: usage.inputTokens + extraIn,
            outputTokens: usage.outputTokens + extraOut,
            cacheWrites: cache,
          });
          expect(costOf(price, usage).pt).toBeLessThanOrEqual(worst);
        },
      ),
      { numRuns: 500 },
    );
  });
});
