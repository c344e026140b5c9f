// The PT unit. PT_PER_USD (config, default 100,000) fixes 1 PT = 1/PT_PER_USD USD of list price,
// so with the default 1 PT = $0.00001 = 10 micro-USD. PT amounts are always BigInt.
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money/currency";
import { roundHalfEven } from "@/lib/money/rounding";

export const MICROS_PER_USD = 1_000_000n;

/** PT per US dollar of list price, from the validated environment. */
export function ptPerUsd(): bigint {
  return BigInt(env().PT_PER_USD);
}

/** PT worth `micros` micro-USD of list price, rounded half-even (the one rounding rule). */
export function ptFromUsdMicros(micros: bigint, perUsd: bigint = ptPerUsd()): bigint {
  return roundHalfEven(micros * perUsd, MICROS_PER_USD);
}

/** Micro-USD of list price worth `pt` PT, rounded half-even. */
export function usdMicrosFromPt(pt: bigint, perUsd: bigint = ptPerUsd()): bigint {
  return roundHalfEven(pt * MICROS_PER_USD, perUsd);
}

/** "1,234,567 PT": grouping by hand, since a PT amount may exceed Number's exact range. */
export function formatPt(pt: bigint): string {
  const negative = pt < 0n;
  const digits = (negative ? -pt : pt).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped} PT`;
}

/**
 * What `pt` PT are worth at list price, as US dollars for people: "$12.35" (cents, half-even); a
 * positive amount under a cent in micro-dollars ("$0.0003"), or "under $0.000001".
 */
export function formatPtValue(pt: bigint, perUsd: bigint = ptPerUsd()): string {
  const micros = usdMicrosFromPt(pt, perUsd);
  const cents = roundHalfEven(micros, 10_000n);
  if (pt <= 0n || cents > 0n) return formatMoney(cents, "USD");
  if (micros === 0n) return "under $0.000001";
  return `$0.${micros.toString().padStart(6, "0").replace(/0+$/, "")}`;
}

/** Parses a PT amount given as an integer (bigint, safe integer number or decimal string). */
export function toPt(value: bigint | number | string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`PT must be an integer: ${value}`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value.trim())) throw new RangeError(`PT must be an integer: ${value}`);
  return BigInt(value.trim());
}
