// Reads a price list in LiteLLM's model_prices_and_context_window.json format: one object per model
// key with USD prices per token (`input_cost_per_token`, `cache_read_input_token_cost`, …). Prices
// become provider-cost rates in micro-USD per 1M tokens (or per call) through their exact decimal
// text — never float arithmetic — rounded once, half-even. A list that is not such an object throws.
import { AppError } from "@/lib/errors";
import { roundHalfEven } from "@/lib/money/rounding";

export type CostRates = Partial<Record<string, bigint>> & { longContextThreshold?: number };

/** LiteLLM's long-context fields say "above 200k tokens". */
export const LITELLM_LONG_THRESHOLD = 200_000;

/** LiteLLM field → our provider-cost field, per token (×10¹² → µUSD per 1M tokens). */
const PER_TOKEN: Record<string, string> = {
  input_cost_per_token: "costMicroUsdPerMInput",
  output_cost_per_token: "costMicroUsdPerMOutput",
  cache_read_input_token_cost: "costMicroUsdPerMCachedInput",
  cache_creation_input_token_cost: "costMicroUsdPerMCacheWrite5m",
  cache_creation_input_token_cost_above_1hr: "costMicroUsdPerMCacheWrite1h",
  output_cost_per_reasoning_token: "costMicroUsdPerMReasoning",
  input_cost_per_token_above_200k_tokens: "costMicroUsdPerMInputLong",
  output_cost_per_token_above_200k_tokens: "costMicroUsdPerMOutputLong",
  cache_read_input_token_cost_above_200k_tokens: "costMicroUsdPerMCachedInputLong",
  cache_creation_input_token_cost_above_200k_tokens: "costMicroUsdPerMCacheWrite5mLong",
};

export type PriceList = Map<string, Record<string, unknown>>;

/** Parses the list; refuses anything that is not an object of model objects (AppError bad_request). */
export function parsePriceList(text: string): PriceList {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The price list is not JSON.");
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new AppError("bad_request", "The price list is not an object of models.");
  }
  const list: PriceList = new Map();
  for (const [key, value] of Object.entries(json)) {
    if (key === "sample_spec") continue; // LiteLLM's documentation entry
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      list.set(key, value as Record<string, unknown>);
    }
  }
  if (list.size === 0) throw new AppError("bad_request", "The price list has no models.");
  return list;
}

/** The exact decimal of a JSON number or numeric string, as digits and a power of ten. */
function decimal(value: unknown): { digits: bigint; scale: number } | null {
  const text =
    typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : String(value ?? "");
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!m) return null;
  const [, whole = "0", frac = "", exp = "0"] = m;
  return { digits: BigInt(`${whole}${frac}`), scale: frac.length - Number(exp) };
}

/** USD × 10^power as a whole number, rounded half-even once. */
function usdTimes(value: unknown, power: number): bigint | null {
  const d = decimal(value);
  if (!d) return null;
  const shift = power - d.scale;
  return shift >= 0 ? d.digits * 10n ** BigInt(shift) : roundHalfEven(d.digits, 10n ** BigInt(-shift));
}

/**
 * The provider-cost rates of one entry (only the fields it has): per token ×10¹² = µUSD per 1M
 * tokens; web search (`search_context_cost_per_query`, medium context) and code interpreter
 * (`code_interpreter_cost_per_session`) per call ×10⁶ = µUSD. A negative or non-numeric price
 * makes the entry unusable (null).
 */
export function costRatesOf(entry: Record<string, unknown>): CostRates | null {
  const out: CostRates = {};
  for (const [from, to] of Object.entries(PER_TOKEN)) {
    if (entry[from] === undefined || entry[from] === null) continue;
    const v = usdTimes(entry[from], 12);
    if (v === null) return null;
    out[to] = v;
  }
  if (out.costMicroUsdPerMInput === undefined || out.costMicroUsdPerMOutput === undefined) return null;
  if (out.costMicroUsdPerMInputLong !== undefined) out.longContextThreshold = LITELLM_LONG_THRESHOLD;
  const search = entry.search_context_cost_per_query;
  if (search && typeof search === "object") {
    const medium = usdTimes((search as Record<string, unknown>).search_context_size_medium, 6);
    if (medium !== null) out.costMicroUsdPerWebSearchCall = medium;
  }
  const code = usdTimes(entry.code_interpreter_cost_per_session, 6);
  if (code !== null) out.costMicroUsdPerCodeInterpreterCall = code;
  return out;
}

/** The entry of a catalog model: its id, or "<provider>/<id>" as LiteLLM also keys them. */
export function entryFor(
  list: PriceList,
  model: string,
  provider: string,
): Record<string, unknown> | undefined {
  return list.get(model) ?? list.get(`${provider}/${model}`);
}
