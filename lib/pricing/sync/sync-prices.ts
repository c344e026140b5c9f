// The nightly price sync: reads a price list in LiteLLM's format (PRICE_SYNC_URL, or the snapshot
// shipped in litellm-snapshot.json) and maps it onto the priced models. A provider-cost change is
// applied as a new row effective `costDelayHours` later (sale rates unchanged); a sale-price change
// is only ever proposed (PriceProposal, approved by an admin). Alerts: a provider price moving more
// than `alertPercent`, a model gone from the list, a margin under the threshold. A source that is
// down or malformed, or an entry that cannot be read, changes nothing and raises a warning.
// Idempotent: a re-run compares with the latest rows (future ones included) and proposes by key.
import { createHash } from "node:crypto";
import type { DbClient } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PriceRates } from "@/lib/pricing/charge";
import { DIMENSIONS, tierRates } from "@/lib/pricing/charge";
import type { ModelPrice } from "@/lib/pricing/prices";
import { addPrice, currentPrices } from "@/lib/pricing/prices";
import type { PriceList } from "@/lib/pricing/sync/litellm";
import { costRatesOf, entryFor, parsePriceList } from "@/lib/pricing/sync/litellm";
import snapshot from "@/lib/pricing/sync/litellm-snapshot.json";
import type { PtSale } from "@/lib/pricing/sync/margin";
import { suggestedPt, worstMarginBps } from "@/lib/pricing/sync/margin";

const MAX_LIST_CHARS = 20_000_000;
export const SNAPSHOT_SOURCE = "snapshot:litellm-snapshot.json";

export type PriceAlert = {
  kind: "price_moved" | "model_missing" | "margin_low" | "source_failed" | "entry_unreadable";
  severity: "warning" | "error";
  model?: string;
  message: string;
  /** One alert per kind, model and day: a re-run the same day alerts nobody twice. */
  dedupeKey: string;
};

export type SyncInput = {
  now: Date;
  /** The list's URL; unset: the shipped snapshot. */
  url?: string;
  fetch?: typeof fetch;
  sale: PtSale;
  alertPercent: number;
  marginThresholdPercent: number;
  costDelayHours: number;
  alert: (notice: PriceAlert) => Promise<void>;
};

export type SyncResult = {
  source: string;
  status: "ok" | "source_down" | "malformed";
  costRows: string[];
  proposals: string[];
  alerts: PriceAlert["kind"][];
};

async function loadList(input: SyncInput): Promise<{ list: PriceList } | { failed: string }> {
  if (!input.url) return { list: parsePriceList(JSON.stringify(snapshot)) };
  let text: string;
  try {
    const response = await (input.fetch ?? fetch)(input.url, { signal: AbortSignal.timeout(20_000) });
    if (!response.ok) return { failed: `answered ${response.status}` };
    text = await response.text();
    // LiteLLM's full list is about 1.5 MB; anything far larger is not a price list.
    if (text.length > MAX_LIST_CHARS) return { failed: "malformed: larger than 20 MB" };
  } catch (error) {
    return { failed: `unreachable (${(error as Error).message})` };
  }
  try {
    return { list: parsePriceList(text) };
  } catch (error) {
    return { failed: `malformed: ${(error as Error).message}` };
  }
}

const PT_FIELD = /^pt/;
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

/** Percent moves of provider-cost rates as billed (defaults applied), largest first. */
function costMoves(before: PriceRates, after: PriceRates): { field: string; percent: number }[] {
  const out: { field: string; percent: number }[] = [];
  const tiers =
    before.longContextThreshold !== null || after.longContextThreshold !== null ? ["base", "long"] : ["base"];
  for (const tier of tiers as ("base" | "long")[]) {
    const a = tierRates(before, "costMicroUsdPerM", tier);
    const b = tierRates(after, "costMicroUsdPerM", tier);
    for (const d of DIMENSIONS) {
      if (a[d] === b[d]) continue;
      const percent = a[d] === 0n ? 100_000 : Number(((b[d] - a[d]) * 1000n) / a[d]) / 10;
      out.push({ field: `${d}${tier === "long" ? "Long" : ""}`, percent });
    }
  }
  for (const f of ["costMicroUsdPerWebSearchCall", "costMicroUsdPerCodeInterpreterCall"] as const) {
    if (before[f] === after[f]) continue;
    out.push({
      field: f,
      percent: before[f] === 0n ? 100_000 : Number(((after[f] - before[f]) * 1000n) / before[f]) / 10,
    });
  }
  if (before.longContextThreshold !== after.longContextThreshold)
    out.push({ field: "longContextThreshold", percent: 100_000 });
  return out.sort((x, y) => Math.abs(y.percent) - Math.abs(x.percent));
}

/** The latest row of each priced model, future-dated ones included. */
async function latestRows(db: DbClient): Promise<ModelPrice[]> {
  return currentPrices(db, new Date("9999-12-31T00:00:00Z"));
}

export async function syncPrices(db: DbClient, input: SyncInput): Promise<SyncResult> {
  const source = input.url ?? SNAPSHOT_SOURCE;
  const day = input.now.toISOString().slice(0, 10);
  const result: SyncResult = { source, status: "ok", costRows: [], proposals: [], alerts: [] };
  const raise = async (a: Omit<PriceAlert, "dedupeKey">) => {
    result.alerts.push(a.kind);
    await input.alert({ ...a, dedupeKey: `price-sync:${a.kind}:${a.model ?? source}:${day}` });
  };
  const loaded = await loadList(input);
  if ("failed" in loaded) {
    result.status = loaded.failed.startsWith("malformed") ? "malformed" : "source_down";
    await raise({
      kind: "source_failed",
      severity: "warning",
      message: `The price list at ${source} ${loaded.failed}; no price changed.`,
    });
    return result;
  }
  const { list } = loaded;
  const lastGood = await db.priceSyncSource.findUnique({ where: { url: source } });
  const known = new Set(Object.keys((lastGood?.entries ?? {}) as object));
  const kept: Record<string, unknown> = {};
  const effectiveFrom = new Date(input.now.getTime() + input.costDelayHours * 3_600_000);

  for (const latest of await latestRows(db)) {
    const { model, provider } = latest;
    const entry = entryFor(list, model, provider);
    if (!entry) {
      if (known.has(model))
        await raise({
          kind: "model_missing",
          severity: "warning",
          model,
          message: `${model} is no longer in the price list at ${source}; its price is unchanged.`,
        });
      continue;
    }
    const cost = costRatesOf(entry);
    if (!cost) {
      await raise({
        kind: "entry_unreadable",
        severity: "warning",
        model,
        message: `The price list's entry for ${model} has no readable input and output prices; its price is unchanged.`,
      });
      continue;
    }
    kept[model] = entry;
    const next = nextRow(latest, cost);
    const moves = costMoves(latest, next);
    const margin = worstMarginBps(next, input.sale);
    if (margin !== null && margin < Math.round(input.marginThresholdPercent * 100)) {
      await raise({
        kind: "margin_low",
        severity: margin < 0 ? "error" : "warning",
        model,
        message: `${model}: at its current sale price and the provider's price, the margin is ${(margin / 100).toFixed(2)}% (threshold ${input.marginThresholdPercent}%).`,
      });
    }
    if (moves.length === 0) continue;
    const big = moves.filter((m) => Math.abs(m.percent) > input.alertPercent);
    if (big.length > 0) {
      const list = big
        .map((m) => `${m.field} ${m.percent > 0 ? "+" : ""}${m.percent >= 100_000 ? "new" : `${m.percent}%`}`)
        .join(", ");
      await raise({
        kind: "price_moved",
        severity: "warning",
        model,
        message: `The provider price of ${model} moved: ${list}. The new cost applies from ${effectiveFrom.toISOString()}; a sale price proposal awaits review.`,
      });
    }
    const { id: _id, ...row } = next;
    const { price, created } = await addPrice(db, { ...row, effectiveFrom, source: `sync:${source}` });
    if (created) result.costRows.push(price.id);
    const proposal = await propose(db, { latest, next, source, sale: input.sale, now: input.now });
    if (proposal) result.proposals.push(proposal);
  }
  const entries = kept as Prisma.InputJsonObject;
  const sha256 = createHash("sha256").update(json(entries)).digest("hex");
  await db.priceSyncSource.upsert({
    where: { url: source },
    create: { url: source, sha256, entries, fetchedAt: input.now },
    update: { sha256, entries, fetchedAt: input.now },
  });
  return result;
}

/** The latest row with the list's provider costs (sale rates unchanged); a new tier bills its base PT. */
function nextRow(latest: ModelPrice, cost: Record<string, unknown>): ModelPrice {
  const next = { ...latest, ...cost } as ModelPrice;
  if (next.longContextThreshold !== null) {
    next.ptPerMInputLong ??= latest.ptPerMInput;
    next.ptPerMOutputLong ??= latest.ptPerMOutput;
    next.costMicroUsdPerMInputLong ??= next.costMicroUsdPerMInput;
    next.costMicroUsdPerMOutputLong ??= next.costMicroUsdPerMOutput;
  }
  return next;
}

/** Proposes sale rates that keep the current margin, once per model and provider cost. */
async function propose(
  db: DbClient,
  input: { latest: ModelPrice; next: ModelPrice; source: string; sale: PtSale; now: Date },
): Promise<string | null> {
  const { latest, next } = input;
  const pt = suggestedPt(latest, next);
  const proposed = { ...next, ...pt };
  const samePt = Object.keys(pt).every((k) => PT_FIELD.test(k) && pt[k] === latest[k as keyof ModelPrice]);
  if (samePt) return null;
  const { id: _id, effectiveFrom: _at, source: _source, model, provider, tier, ...rates } = proposed;
  const key = `${model}:${createHash("sha256").update(json(rates)).digest("hex").slice(0, 32)}`;
  const { count } = await db.priceProposal.createMany({
    data: [
      {
        key,
        model,
        provider,
        basePriceId: latest.id,
        rates: JSON.parse(json({ ...rates, tier })) as Prisma.InputJsonObject,
        marginBps: worstMarginBps(next, input.sale),
        source: input.source,
        createdAt: input.now,
      },
    ],
    skipDuplicates: true,
  });
  if (count === 0) return null;
  // A newer proposal for the model replaces the older pending ones.
  await db.priceProposal.updateMany({
    where: { model, status: "pending", key: { not: key } },
    data: { status: "superseded", decidedAt: input.now },
  });
  return key;
}
