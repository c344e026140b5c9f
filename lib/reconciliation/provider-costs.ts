// Provider invoices versus our recorded cost. An adapter per provider fetches the provider's own
// figure for a day (its usage/cost API); the comparison is pure and tested with recorded
// responses. Off unless configured: OpenAI's organization costs API with OPENAI_ADMIN_KEY,
// Anthropic's cost report (Admin API) with ANTHROPIC_ADMIN_KEY.
// Provider figures lag by hours, so a difference is a warning unless we under-record badly.

import { env } from "@/lib/env";
import { roundHalfEven } from "@/lib/money/rounding";
import type { Range } from "@/lib/periods";
import type { Issue } from "@/lib/reconciliation/types";

export type ProviderCostAdapter = {
  provider: string;
  /** The provider's cost for the range, in micro-USD. */
  costMicroUsd(range: Range): Promise<bigint>;
};

export type Tolerance = { percent: number; absMicroUsd: bigint };
export const DEFAULT_TOLERANCE: Tolerance = { percent: 2, absMicroUsd: 500_000n };
/** We record less than the provider bills by more than this: our margins are overstated. */
export const UNDER_RECORDED_ERROR_PERCENT = 10;

/** Compares our recorded cost with the provider's figure; null when they agree within tolerance. */
export function compareProviderCost(input: {
  provider: string;
  day: string;
  oursMicroUsd: bigint;
  theirsMicroUsd: bigint;
  tolerance?: Tolerance;
}): Issue | null {
  const { oursMicroUsd: ours, theirsMicroUsd: theirs } = input;
  const tolerance = input.tolerance ?? DEFAULT_TOLERANCE;
  const diff = theirs - ours;
  const abs = diff < 0n ? -diff : diff;
  const base = diff > 0n ? theirs : ours; // the larger of the two
  const allowed = (base * BigInt(Math.round(tolerance.percent * 100))) / 10_000n;
  if (abs <= tolerance.absMicroUsd || abs <= allowed) return null;
  const underBps = theirs > 0n ? ((theirs - ours) * 10_000n) / theirs : 0n;
  const severe = diff > 0n && underBps > BigInt(UNDER_RECORDED_ERROR_PERCENT * 100);
  return {
    severity: severe ? "error" : "warning",
    kind: "provider_cost_mismatch",
    message: `${input.provider} billed ${theirs} µUSD for ${input.day}; we recorded ${ours} µUSD (${diff > 0n ? "under" : "over"} by ${abs})`,
    refs: { provider: input.provider, day: input.day, ours: ours.toString(), theirs: theirs.toString() },
  };
}

/**
 * A decimal amount (a JSON number or a decimal string) in a unit worth `unitMicros` micro-USD →
 * micro-USD. Read through a fixed 9-decimal string (never float arithmetic), then rounded once
 * with the project's one rule, half-even.
 */
function decimalToMicros(value: number | string, unitMicros: bigint): bigint {
  const text = typeof value === "number" ? value.toFixed(9) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal amount: ${value}`);
  const [, sign, whole = "0", frac = ""] = match;
  const scale = 10n ** BigInt(frac.length);
  const micros = roundHalfEven((BigInt(whole) * scale + BigInt(frac || "0")) * unitMicros, scale);
  return sign === "-" ? -micros : micros;
}

/** "0.06" / 0.06 / 12 (US dollars) → micro-USD. */
export function usdToMicros(value: number | string): bigint {
  return decimalToMicros(value, 1_000_000n);
}

/** "123.45" (US cents, as Anthropic reports them) → micro-USD. */
export function centsToMicros(value: number | string): bigint {
  return decimalToMicros(value, 10_000n);
}

type OpenAiCostsPage = {
  data?: { results?: { amount?: { value?: number | string; currency?: string } }[] }[];
  has_more?: boolean;
  next_page?: string | null;
};

/** Sums one page of GET /v1/organization/costs (USD only; another currency is refused). */
export function parseOpenAiCostsPage(page: OpenAiCostsPage): bigint {
  let total = 0n;
  for (const bucket of page.data ?? []) {
    for (const result of bucket.results ?? []) {
      const amount = result.amount;
      if (!amount || amount.value === undefined) continue;
      if (amount.currency && amount.currency.toLowerCase() !== "usd") {
        throw new Error(`OpenAI reported costs in ${amount.currency}, expected usd`);
      }
      total += usdToMicros(amount.value);
    }
  }
  return total;
}

type CostPage = { has_more?: boolean; next_page?: string | null };

/**
 * Sums a provider's paged cost report: GET `url(page)` with `headers`, add `parse(body)`, follow
 * `next_page` while `has_more` (at most 50 pages). A non-2xx answer fails the whole figure.
 */
async function sumCostPages<P extends CostPage>(input: {
  name: string;
  fetch: typeof fetch;
  url: (page: string | undefined) => URL;
  headers: Record<string, string>;
  parse: (page: P) => bigint;
}): Promise<bigint> {
  let total = 0n;
  let page: string | undefined;
  for (let i = 0; i < 50; i++) {
    const response = await input.fetch(input.url(page), {
      headers: input.headers,
      signal: AbortSignal.timeout(20_000),
    });
    if (!response.ok) throw new Error(`${input.name} answered ${response.status}`);
    const body = (await response.json()) as P;
    total += input.parse(body);
    if (!body.has_more || !body.next_page) return total;
    page = body.next_page;
  }
  throw new Error(`${input.name}: too many pages`);
}

export function openAiCostAdapter(options: {
  adminKey: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}): ProviderCostAdapter {
  const base = options.baseUrl ?? "https://api.openai.com/v1";
  return {
    provider: "openai",
    costMicroUsd: (range) =>
      sumCostPages<OpenAiCostsPage>({
        name: "OpenAI costs API",
        fetch: options.fetch ?? fetch,
        url: (page) => {
          const url = new URL(`${base}/organization/costs`);
          url.searchParams.set("start_time", String(Math.floor(range.from.getTime() / 1000)));
          url.searchParams.set("end_time", String(Math.floor(range.to.getTime() / 1000)));
          url.searchParams.set("bucket_width", "1d");
          if (page) url.searchParams.set("page", page);
          return url;
        },
        headers: { authorization: `Bearer ${options.adminKey}` },
        parse: parseOpenAiCostsPage,
      }),
  };
}

type AnthropicCostReportPage = {
  data?: { results?: { amount?: string | number; currency?: string }[] }[];
  has_more?: boolean;
  next_page?: string | null;
};

/**
 * Sums one page of GET /v1/organizations/cost_report. Its `amount` is a decimal string in the
 * currency's lowest unit ("123.45" USD = $1.2345); USD only, another currency is refused.
 */
export function parseAnthropicCostPage(page: AnthropicCostReportPage): bigint {
  let total = 0n;
  for (const bucket of page.data ?? []) {
    for (const result of bucket.results ?? []) {
      if (result.amount === undefined || result.amount === null) continue;
      if (result.currency && result.currency.toUpperCase() !== "USD") {
        throw new Error(`Anthropic reported costs in ${result.currency}, expected USD`);
      }
      total += centsToMicros(result.amount);
    }
  }
  return total;
}

export function anthropicCostAdapter(options: {
  adminKey: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}): ProviderCostAdapter {
  const base = options.baseUrl ?? "https://api.anthropic.com/v1";
  return {
    provider: "anthropic",
    costMicroUsd: (range) =>
      sumCostPages<AnthropicCostReportPage>({
        name: "Anthropic cost report",
        fetch: options.fetch ?? fetch,
        url: (page) => {
          const url = new URL(`${base}/organizations/cost_report`);
          url.searchParams.set("starting_at", range.from.toISOString());
          url.searchParams.set("ending_at", range.to.toISOString());
          url.searchParams.set("bucket_width", "1d");
          if (page) url.searchParams.set("page", page);
          return url;
        },
        headers: { "x-api-key": options.adminKey, "anthropic-version": "2023-06-01" },
        parse: parseAnthropicCostPage,
      }),
  };
}

/** The adapters switched on by the environment (none by default). */
export function configuredProviderCostAdapters(): ProviderCostAdapter[] {
  const e = env();
  const adapters: ProviderCostAdapter[] = [];
  if (e.OPENAI_ADMIN_KEY) adapters.push(openAiCostAdapter({ adminKey: e.OPENAI_ADMIN_KEY }));
  if (e.ANTHROPIC_ADMIN_KEY) adapters.push(anthropicCostAdapter({ adminKey: e.ANTHROPIC_ADMIN_KEY }));
  return adapters;
}
