// Margin of a sale price against a provider cost, per dimension, in integer arithmetic. A PT is
// worth what it sells for: `ptSale` is the cheapest way to buy PT (price in US cents for a number
// of PT), so the margin shown is the worst one any buyer gives us. margin = (revenue − cost) /
// revenue, revenue = PT rate × amountMinor × 10⁴ / pt (µUSD). Pure.
import { roundHalfEven } from "@/lib/money/rounding";
import type { PriceRates, Side } from "@/lib/pricing/charge";
import { DIMENSIONS, tierRates } from "@/lib/pricing/charge";

export type PtSale = { amountMinor: bigint; pt: bigint };

/** The rate fields compared: every dimension of both tiers, as billed (defaults applied). */
function billedRates(row: PriceRates, side: Side): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const tiers = row.longContextThreshold === null ? (["base"] as const) : (["base", "long"] as const);
  for (const tier of tiers) {
    const rates = tierRates(row, side, tier);
    for (const d of DIMENSIONS) out.set(`${d}${tier === "long" ? "Long" : ""}`, rates[d]);
  }
  const fees =
    side === "ptPerM"
      ? [row.ptPerWebSearchCall, row.ptPerCodeInterpreterCall]
      : [row.costMicroUsdPerWebSearchCall, row.costMicroUsdPerCodeInterpreterCall];
  out.set("WebSearchCall", fees[0] ?? 0n);
  out.set("CodeInterpreterCall", fees[1] ?? 0n);
  return out;
}

/**
 * The lowest margin (basis points) over every billed dimension of `row` whose provider cost is
 * above 0; null when nothing costs anything. A dimension sold for 0 PT at a cost is -10,000 bps.
 */
export function worstMarginBps(row: PriceRates, sale: PtSale): number | null {
  const pt = billedRates(row, "ptPerM");
  const cost = billedRates(row, "costMicroUsdPerM");
  let worst: bigint | null = null;
  for (const [dim, c] of cost) {
    if (c <= 0n) continue;
    // Both sides scaled by sale.pt: revenue·pt = rate·amountMinor·10⁴, cost·pt.
    const revenue = (pt.get(dim) ?? 0n) * sale.amountMinor * 10_000n;
    const spent = c * sale.pt;
    const bps = revenue === 0n ? -10_000n : ((revenue - spent) * 10_000n) / revenue;
    if (worst === null || bps < worst) worst = bps;
  }
  return worst === null ? null : Number(worst);
}

/**
 * Sale rates that keep the margin the current row gives: each PT rate scaled by the change of its
 * provider cost (new cost × current PT / current cost, rounded half-even); a dimension that cost
 * nothing before keeps its PT rate, or, new and unpriced, takes the input rate's PT per µUSD.
 */
export function suggestedPt(current: PriceRates, nextCost: PriceRates): Record<string, bigint | null> {
  const out: Record<string, bigint | null> = {};
  const inputRatio = (cost: bigint) =>
    current.costMicroUsdPerMInput > 0n
      ? roundHalfEven(cost * current.ptPerMInput, current.costMicroUsdPerMInput)
      : current.ptPerMInput;
  for (const key of Object.keys(current) as (keyof PriceRates)[]) {
    if (!key.startsWith("pt")) continue;
    const costKey = `costMicroUsd${key.slice(2)}` as keyof PriceRates;
    const pt = current[key] as bigint | null;
    const before = current[costKey] as bigint | null;
    const after = nextCost[costKey] as bigint | null;
    if (after === null || after === undefined) out[key] = pt;
    else if (before !== null && before !== undefined && before > 0n && pt !== null)
      out[key] = roundHalfEven(after * pt, before);
    else if (pt !== null && pt > 0n) out[key] = pt;
    else out[key] = inputRatio(after); // PT per µUSD of the input rate: per token or per call alike
  }
  return out;
}
