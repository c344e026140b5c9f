// The metrics an alert rule can watch, their units and how a threshold is written by people and
// stored (integers only: micro-USD, PT, basis points, requests). Pure and import-free, so the admin
// page's client form shows the same units and the API validates with the same parser.

export const ALERT_METRICS = ["provider_cost", "pt_used", "margin_percent", "request_count"] as const;
export type AlertMetricName = (typeof ALERT_METRICS)[number];
export const ALERT_COMPARATORS = ["gt", "gte", "lt", "lte"] as const;
export type AlertComparatorName = (typeof ALERT_COMPARATORS)[number];

export const METRIC_INFO: Record<
  AlertMetricName,
  { label: string; unit: string; example: string; hint: string }
> = {
  provider_cost: {
    label: "Provider cost",
    unit: "USD",
    example: "50",
    hint: "US dollars of provider cost in the day, up to 6 decimals",
  },
  pt_used: { label: "PT used", unit: "PT", example: "1000000", hint: "PT charged in the day (whole PT)" },
  margin_percent: {
    label: "Margin",
    unit: "%",
    example: "30",
    hint: "margin of paid usage, up to 2 decimals (may be negative); days without revenue never fire",
  },
  request_count: {
    label: "Requests",
    unit: "requests",
    example: "10000",
    hint: "settled chat and API requests in the day",
  },
};

export const COMPARATOR_SYMBOL: Record<AlertComparatorName, string> = {
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
};

const SCALE: Record<AlertMetricName, { decimals: number; signed: boolean; max: bigint }> = {
  provider_cost: { decimals: 6, signed: false, max: 10n ** 15n },
  pt_used: { decimals: 0, signed: false, max: 10n ** 18n },
  margin_percent: { decimals: 2, signed: true, max: 1_000_000n },
  request_count: { decimals: 0, signed: false, max: 10n ** 12n },
};

/** "50.5" in the metric's unit → its stored integer, or an error message for people. */
export function parseThreshold(
  metric: AlertMetricName,
  text: string,
): { ok: true; value: bigint } | { ok: false; message: string } {
  const { decimals, signed, max } = SCALE[metric];
  const match = /^(-?)([0-9]{1,19})(?:\.([0-9]+))?$/.exec(text.trim());
  const info = METRIC_INFO[metric];
  const fail = { ok: false as const, message: `Enter ${info.hint}, e.g. ${info.example}.` };
  if (!match) return fail;
  const [, sign, whole = "0", frac = ""] = match;
  if (frac.length > decimals || (sign && !signed)) return fail;
  const magnitude = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
  if (magnitude > max) return { ok: false, message: "That threshold is too large." };
  return { ok: true, value: sign ? -magnitude : magnitude };
}

/** A stored threshold or value back in the metric's unit, exact ("50.5", "-3.25", "1000"). */
export function thresholdText(metric: AlertMetricName, value: bigint): string {
  const { decimals } = SCALE[metric];
  if (decimals === 0) return value.toString();
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const frac = digits.slice(-decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${digits.slice(0, -decimals)}${frac ? `.${frac}` : ""}`;
}

/** "$50.5", "30%", "1000 PT", "10000 requests". */
export function formatMetricValue(metric: AlertMetricName, value: bigint): string {
  const text = thresholdText(metric, value);
  switch (metric) {
    case "provider_cost":
      return text.startsWith("-") ? `-$${text.slice(1)}` : `$${text}`;
    case "margin_percent":
      return `${text}%`;
    case "pt_used":
      return `${text.replace(/\B(?=(\d{3})+(?!\d))/g, ",")} PT`;
    case "request_count":
      return `${text.replace(/\B(?=(\d{3})+(?!\d))/g, ",")} ${value === 1n ? "request" : "requests"}`;
  }
}

export function compare(comparator: AlertComparatorName, value: bigint, threshold: bigint): boolean {
  switch (comparator) {
    case "gt":
      return value > threshold;
    case "gte":
      return value >= threshold;
    case "lt":
      return value < threshold;
    case "lte":
      return value <= threshold;
  }
}
