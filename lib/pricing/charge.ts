// The arithmetic of a price row: normalised usage (lib/pricing/usage.ts) → PT and provider cost.
// charge = Σ tokens of each dimension × its rate per 1M + calls × fee per call, summed exactly and
// rounded ONCE, half-even (lib/money). A null rate takes its default (cached input and cache writes:
// input; 1 h write: 5 min write; reasoning: output), so a row with only input and output bills as
// before. Above longContextThreshold input tokens the whole request takes the long tier's rates, as
// the providers bill it. Pure: no database, no env.
import { AppError } from "@/lib/errors";
import { roundHalfEven } from "@/lib/money/rounding";
import type { TokenUsage } from "@/lib/pricing/usage";

export const PER_MILLION = 1_000_000n;

/** The token dimensions a rate is set for. Input and Output are required; the others default. */
export const DIMENSIONS = [
  "Input",
  "CachedInput",
  "CacheWrite5m",
  "CacheWrite1h",
  "Output",
  "Reasoning",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Side = "ptPerM" | "costMicroUsdPerM";
export const SIDES: readonly Side[] = ["ptPerM", "costMicroUsdPerM"];
type RequiredRate = `${Side}${"Input" | "Output"}`;
type OptionalRate = `${Side}${Exclude<Dimension, "Input" | "Output">}` | `${Side}${Dimension}Long`;
export type CallFee =
  | "ptPerWebSearchCall"
  | "costMicroUsdPerWebSearchCall"
  | "ptPerCodeInterpreterCall"
  | "costMicroUsdPerCodeInterpreterCall";

/** Every rate of a price row (the money part of ModelPrice). */
export type PriceRates = Record<RequiredRate, bigint> &
  Record<OptionalRate, bigint | null> &
  Record<CallFee, bigint> & { longContextThreshold: number | null };

/** What the arithmetic reads: input and output are required; an absent rate takes its default. */
export type PriceLike = Pick<PriceRates, RequiredRate> & Partial<PriceRates>;

/** The optional rate fields, for selects, forms and validation. */
export const OPTIONAL_RATE_FIELDS: readonly OptionalRate[] = SIDES.flatMap((side) => [
  ...DIMENSIONS.filter((d) => d !== "Input" && d !== "Output").map((d) => `${side}${d}` as OptionalRate),
  ...DIMENSIONS.map((d) => `${side}${d}Long` as OptionalRate),
]);
export const CALL_FEE_FIELDS: readonly CallFee[] = [
  "ptPerWebSearchCall",
  "costMicroUsdPerWebSearchCall",
  "ptPerCodeInterpreterCall",
  "costMicroUsdPerCodeInterpreterCall",
];

/** What a row without the newer dimensions carries: every optional rate unset, no tool fees. */
export const NO_EXTRA_RATES: Omit<PriceRates, RequiredRate> = {
  ...(Object.fromEntries(OPTIONAL_RATE_FIELDS.map((f) => [f, null])) as Record<OptionalRate, null>),
  ptPerWebSearchCall: 0n,
  costMicroUsdPerWebSearchCall: 0n,
  ptPerCodeInterpreterCall: 0n,
  costMicroUsdPerCodeInterpreterCall: 0n,
  longContextThreshold: null,
};

export type Tier = "base" | "long";
export type TierRates = Record<Dimension, bigint>;

/** The rates of one tier on one side, every default applied. */
export function tierRates(price: PriceLike, side: Side, tier: Tier): TierRates {
  const long = tier === "long";
  const suffix = long ? "Long" : "";
  const input = long ? (price[`${side}InputLong`] ?? price[`${side}Input`]) : price[`${side}Input`];
  const output = long ? (price[`${side}OutputLong`] ?? price[`${side}Output`]) : price[`${side}Output`];
  const rate = (d: Exclude<Dimension, "Input" | "Output">) =>
    price[`${side}${d}${suffix}` as OptionalRate] ?? null;
  const write5m = rate("CacheWrite5m") ?? input;
  return {
    Input: input,
    CachedInput: rate("CachedInput") ?? input,
    CacheWrite5m: write5m,
    CacheWrite1h: rate("CacheWrite1h") ?? write5m,
    Output: output,
    Reasoning: rate("Reasoning") ?? output,
  };
}

/** The tier a request with this many input tokens (all of them: cached and written too) is billed in. */
export function tierOf(price: Partial<Pick<PriceRates, "longContextThreshold">>, inputTokens: number): Tier {
  const threshold = price.longContextThreshold ?? null;
  return threshold !== null && inputTokens > threshold ? "long" : "base";
}

function count(n: number | undefined, name: string): bigint {
  const v = n ?? 0;
  if (!Number.isSafeInteger(v) || v < 0)
    throw new AppError("bad_request", `${name} must be a whole number >= 0.`);
  return BigInt(v);
}

/** Tokens per dimension: the parts of the usage's totals (uncached input = input − cached − written). */
export function tokensByDimension(usage: TokenUsage): Record<Dimension, bigint> {
  const input = count(usage.inputTokens, "inputTokens");
  const cached = count(usage.cachedInputTokens, "cachedInputTokens");
  const w5 = count(usage.cacheWrite5mTokens, "cacheWrite5mTokens");
  const w1 = count(usage.cacheWrite1hTokens, "cacheWrite1hTokens");
  const output = count(usage.outputTokens, "outputTokens");
  const reasoning = count(usage.reasoningTokens, "reasoningTokens");
  if (cached + w5 + w1 > input)
    throw new AppError("bad_request", "Cached and cache-written tokens are part of inputTokens.");
  if (reasoning > output) throw new AppError("bad_request", "Reasoning tokens are part of outputTokens.");
  return {
    Input: input - cached - w5 - w1,
    CachedInput: cached,
    CacheWrite5m: w5,
    CacheWrite1h: w1,
    Output: output - reasoning,
    Reasoning: reasoning,
  };
}

/** Σ tokens × rate per 1M + calls × fee × 1M: the exact charge, scaled by 1M, before rounding. */
function scaledTotal(price: PriceLike, side: Side, usage: TokenUsage): bigint {
  const tokens = tokensByDimension(usage);
  const rates = tierRates(price, side, tierOf(price, usage.inputTokens));
  let total = 0n;
  for (const d of DIMENSIONS) total += tokens[d] * rates[d];
  const web = count(usage.webSearchCalls, "webSearchCalls");
  const code = count(usage.codeInterpreterCalls, "codeInterpreterCalls");
  const fees =
    side === "ptPerM"
      ? web * (price.ptPerWebSearchCall ?? 0n) + code * (price.ptPerCodeInterpreterCall ?? 0n)
      : web * (price.costMicroUsdPerWebSearchCall ?? 0n) +
        code * (price.costMicroUsdPerCodeInterpreterCall ?? 0n);
  return total + fees * PER_MILLION;
}

/**
 * PT to charge and provider cost of a usage. Each is the exact sum over every dimension, rounded
 * once with roundHalfEven. `usage` may be as small as { inputTokens, outputTokens }.
 */
export function costOf(price: PriceLike, usage: TokenUsage): { pt: bigint; providerCostMicroUsd: bigint } {
  return {
    pt: roundHalfEven(scaledTotal(price, "ptPerM", usage), PER_MILLION),
    providerCostMicroUsd: roundHalfEven(scaledTotal(price, "costMicroUsdPerM", usage), PER_MILLION),
  };
}

function largest(values: bigint[]): bigint {
  let max = 0n;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** Which cache writes a request may cause: none, 5-minute ones, or 1-hour ones too. */
export type CacheWrites = "off" | "5m" | "1h";

/**
 * The most PT a request with at most `inputTokens` input and `outputTokens` output can cost: every
 * input token at the highest input-side rate that could apply (cache writes included when the
 * request may write), every output token at the higher of output and reasoning, in the long tier
 * too when the input could cross its threshold (within 10%: the prompt count is an estimate).
 * Monotone in both counts, and never below costOf of a usage within them (tests/pricing).
 */
export function worstCaseOf(
  price: PriceLike,
  input: { inputTokens: number; outputTokens: number; cacheWrites: CacheWrites },
): bigint {
  const inputTokens = count(input.inputTokens, "inputTokens");
  const outputTokens = count(input.outputTokens, "outputTokens");
  const threshold = price.longContextThreshold ?? null;
  const tiers: Tier[] =
    threshold !== null && inputTokens * 10n > BigInt(threshold) * 9n ? ["base", "long"] : ["base"];
  let worst = 0n;
  for (const tier of tiers) {
    const r = tierRates(price, "ptPerM", tier);
    const inputSide = [r.Input, r.CachedInput];
    if (input.cacheWrites !== "off") inputSide.push(r.CacheWrite5m);
    if (input.cacheWrites === "1h") inputSide.push(r.CacheWrite1h);
    const total = inputTokens * largest(inputSide) + outputTokens * largest([r.Output, r.Reasoning]);
    if (total > worst) worst = total;
  }
  return roundHalfEven(worst, PER_MILLION);
}
