// Model prices with history. A price is never edited: a change is a new row with a later
// effectiveFrom, and the price in force at time t is the latest row with effectiveFrom <= t.
// An unknown or unpriced model is refused (price_unknown); nothing is ever charged at 0 by default.
import type { Db } from "@/lib/db";
import { inTransaction, isClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PriceRates } from "@/lib/pricing/charge";
import { CALL_FEE_FIELDS, NO_EXTRA_RATES, OPTIONAL_RATE_FIELDS } from "@/lib/pricing/charge";
import type { TtlCache } from "@/lib/ttl-cache";
import { ttlCache } from "@/lib/ttl-cache";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";

export type Tier = "free" | "pro" | "max";

// The charge arithmetic lives in charge.ts; callers have imported it from here.
export { costOf } from "@/lib/pricing/charge";

export type ModelPrice = PriceRates & {
  id: string;
  provider: string;
  model: string;
  tier: Tier;
  effectiveFrom: Date;
  source: string | null;
};

const SELECT = {
  id: true,
  provider: true,
  model: true,
  ptPerMInput: true,
  ptPerMOutput: true,
  costMicroUsdPerMInput: true,
  costMicroUsdPerMOutput: true,
  ...Object.fromEntries([...OPTIONAL_RATE_FIELDS, ...CALL_FEE_FIELDS].map((f) => [f, true])),
  longContextThreshold: true,
  tier: true,
  effectiveFrom: true,
  source: true,
} as Record<keyof ModelPrice, true>;

// The request path reads prices from a per-process copy of each model's latest rows, refreshed
// at least every PRICE_CACHE_MS; addPrice forgets the model's rows on this instance at once. The
// admin editor makes a new price effective PRICE_PROPAGATION_MS after it is saved, so every
// instance has the row before it takes effect and no request is charged at a superseded price.
export const PRICE_CACHE_MS = 5_000;
export const PRICE_PROPAGATION_MS = 2 * PRICE_CACHE_MS;
const CACHED_ROWS = 20;
type CachedRows = { generation: number; rows: ModelPrice[] };
type PriceCacheState = { caches: WeakMap<object, TtlCache<CachedRows>>; generations: Map<string, number> };
// On globalThis, like ttlCache's named caches: the admin route's bundle must invalidate the rows
// the chat route's bundle reads.
const globalForPrices = globalThis as typeof globalThis & { __ledgerchatPrices?: PriceCacheState };
globalForPrices.__ledgerchatPrices ??= { caches: new WeakMap(), generations: new Map() };
const prices = globalForPrices.__ledgerchatPrices;
const generationOf = (model: string) => prices.generations.get(model) ?? 0;

function cacheFor(db: Db): TtlCache<CachedRows> | null {
  // Inside a transaction, read the database: the transaction may have just added a price.
  if (!isClient(db)) return null;
  let cache = prices.caches.get(db);
  if (!cache) {
    cache = ttlCache<CachedRows>(null, PRICE_CACHE_MS, 1_000);
    prices.caches.set(db, cache);
  }
  return cache;
}

/**
 * The price of `model` in force at `at` (default now) for the request path: served from this
 * instance's cached rows (see PRICE_CACHE_MS), falling back to the database for older dates.
 */
export async function getCurrentPrice(db: Db, input: { model: string; at?: Date }): Promise<ModelPrice> {
  const cache = cacheFor(db);
  if (!cache) return getPrice(db, input);
  const generation = generationOf(input.model);
  let rows = cache.get(input.model);
  if (!rows || rows.generation !== generation) {
    rows = {
      generation,
      rows: await db.modelPrice.findMany({
        where: { model: input.model },
        orderBy: { effectiveFrom: "desc" },
        take: CACHED_ROWS,
        select: SELECT,
      }),
    };
    cache.set(input.model, rows);
  }
  const t = (input.at ?? new Date()).getTime();
  const price = rows.rows.find((r) => r.effectiveFrom.getTime() <= t);
  if (price) return price;
  if (rows.rows.length === CACHED_ROWS) return getPrice(db, input);
  throw new AppError("price_unknown", `No price for model "${input.model}".`, { model: input.model });
}

/** Invalidates every cached copy of a model's rows on this instance (after a price is added). */
function forgetPrices(model: string): void {
  prices.generations.set(model, generationOf(model) + 1);
}

/** The price of `model` in force at `at` (default now), or AppError("price_unknown"). */
export async function getPrice(db: Db, input: { model: string; at?: Date }): Promise<ModelPrice> {
  const price = await db.modelPrice.findFirst({
    where: { model: input.model, effectiveFrom: { lte: input.at ?? new Date() } },
    orderBy: { effectiveFrom: "desc" },
    select: SELECT,
  });
  if (!price)
    throw new AppError("price_unknown", `No price for model "${input.model}".`, { model: input.model });
  return price;
}

/** A new row: input and output rates are required; every other rate may be left out (its default). */
export type NewPrice = Omit<ModelPrice, "id" | "effectiveFrom" | "source" | keyof typeof NO_EXTRA_RATES> &
  Partial<Pick<ModelPrice, keyof typeof NO_EXTRA_RATES>> & {
    effectiveFrom?: Date;
    source?: string | null;
  };

/** Refuses a row the charge arithmetic could not bill exactly (AppError bad_request). */
export function validatePrice(input: NewPrice): Omit<ModelPrice, "id" | "effectiveFrom" | "source"> {
  // A field given as undefined takes its default too.
  const extras = Object.fromEntries(
    Object.entries(NO_EXTRA_RATES).map(([k, v]) => [k, input[k as keyof typeof NO_EXTRA_RATES] ?? v]),
  ) as typeof NO_EXTRA_RATES;
  const { effectiveFrom: _at, source: _source, ...given } = input;
  const row = { ...given, ...extras };
  for (const field of [
    "ptPerMInput",
    "ptPerMOutput",
    "costMicroUsdPerMInput",
    "costMicroUsdPerMOutput",
    ...CALL_FEE_FIELDS,
  ] as const) {
    if (typeof row[field] !== "bigint" || row[field] < 0n) {
      throw new AppError("bad_request", `${field} must be a non-negative bigint.`);
    }
  }
  for (const field of OPTIONAL_RATE_FIELDS) {
    const v = row[field];
    if (v !== null && (typeof v !== "bigint" || v < 0n)) {
      throw new AppError("bad_request", `${field} must be empty or a non-negative bigint.`);
    }
  }
  const threshold = row.longContextThreshold;
  if (threshold !== null) {
    if (!Number.isSafeInteger(threshold) || threshold < 1) {
      throw new AppError("bad_request", "longContextThreshold must be a whole number of tokens >= 1.");
    }
    for (const field of [
      "ptPerMInputLong",
      "ptPerMOutputLong",
      "costMicroUsdPerMInputLong",
      "costMicroUsdPerMOutputLong",
    ] as const) {
      if (row[field] === null)
        throw new AppError("bad_request", `${field} is required with a long-context tier.`);
    }
  } else if (OPTIONAL_RATE_FIELDS.some((f) => f.endsWith("Long") && row[f] !== null)) {
    throw new AppError("bad_request", "Long-context rates need a longContextThreshold.");
  }
  return row;
}

/** Adds a price row (insert-only). A row for the same model and effectiveFrom is left as it is. */
export async function addPrice(db: Db, input: NewPrice): Promise<{ price: ModelPrice; created: boolean }> {
  const row = validatePrice(input);
  if (input.ptPerMInput + input.ptPerMOutput === 0n) {
    throw new AppError("bad_request", "A model must cost some PT; an unpriced model is refused instead.");
  }
  if (!/^[\w.:/-]{1,100}$/.test(input.model) || !/^[\w.-]{1,50}$/.test(input.provider)) {
    throw new AppError("bad_request", "Invalid model or provider id.");
  }
  const effectiveFrom = input.effectiveFrom ?? new Date();
  // The row and its price.changed outbox rows commit together: in the caller's transaction when
  // given one, else in a transaction of their own.
  const write = async (tx: Db) => {
    const { count } = await tx.modelPrice.createMany({
      data: [{ ...row, effectiveFrom, source: input.source ?? null }],
      skipDuplicates: true,
    });
    const price = await tx.modelPrice.findUniqueOrThrow({
      where: { model_effectiveFrom: { model: input.model, effectiveFrom } },
      select: SELECT,
    });
    if (count === 1)
      await emitWebhookEvent(tx, {
        type: "price.changed",
        key: `${price.model}:${effectiveFrom.toISOString()}`,
        data: { price },
      });
    return { price, created: count === 1 };
  };
  const result = await inTransaction(db, write);
  forgetPrices(input.model);
  return result;
}

/** Every price row of a model, oldest first. */
export function priceHistory(db: Db, model: string): Promise<ModelPrice[]> {
  return db.modelPrice.findMany({ where: { model }, orderBy: { effectiveFrom: "asc" }, select: SELECT });
}

/** Rows not yet in force at `at` (saved for later, or the few seconds every new row waits), soonest first. */
export function scheduledPrices(db: Db, at: Date = new Date()): Promise<ModelPrice[]> {
  return db.modelPrice.findMany({
    where: { effectiveFrom: { gt: at } },
    orderBy: [{ effectiveFrom: "asc" }, { model: "asc" }],
    select: SELECT,
  });
}

/** The models priced at `at`, with their current price (for entitlement checks and the UI). */
export async function currentPrices(db: Db, at: Date = new Date()): Promise<ModelPrice[]> {
  const rows = await db.modelPrice.findMany({
    where: { effectiveFrom: { lte: at } },
    orderBy: [{ model: "asc" }, { effectiveFrom: "desc" }],
    distinct: ["model"],
    select: SELECT,
  });
  return rows;
}
