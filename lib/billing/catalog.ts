// What can be bought: the plans of lib/entitlements.ts (subscriptions) and PT top-up packs
// (one-time). Amounts are integer minor units of BILLING_CURRENCY; Stripe price ids come from the
// environment (test mode uses local ids). A paid amount is always checked against this table.

import type { Entitlements, PlanId } from "@/lib/entitlements";
import { ENTITLEMENTS, MODEL_TIERS, PLAN_IDS } from "@/lib/entitlements";
import { env } from "@/lib/env";

export const BILLING_CURRENCIES = ["usd", "inr", "eur", "gbp"] as const;
export type BillingCurrency = (typeof BILLING_CURRENCIES)[number];

export const PACK_IDS = ["small", "medium", "large"] as const;
export type PackId = (typeof PACK_IDS)[number];
export type PaidPlanId = Exclude<PlanId, "free">;

/**
 * The pricing page's rule of thumb when no model is priced yet: a message of about 1k tokens in and
 * 500 out on a mid-size model. With a priced free model, the page passes that model's typical
 * message instead (lib/pricing/typical.ts), the same figure the model picker shows.
 */
export const PT_PER_TYPICAL_MESSAGE = 1_000n;

export const PACK_PT: Readonly<Record<PackId, bigint>> = {
  small: 250_000n,
  medium: 1_100_000n,
  large: 3_000_000n,
};

/** List prices per currency. USD plan prices are the entitlements table's; others set here. */
const PRICES: Readonly<Record<BillingCurrency, Record<PaidPlanId | `pack_${PackId}`, bigint>>> = {
  usd: {
    pro: ENTITLEMENTS.pro.monthlyPriceMinor,
    max: ENTITLEMENTS.max.monthlyPriceMinor,
    pack_small: 500n,
    pack_medium: 2_000n,
    pack_large: 5_000n,
  },
  inr: { pro: 169_900n, max: 849_900n, pack_small: 44_900n, pack_medium: 169_900n, pack_large: 419_900n },
  eur: { pro: 1_900n, max: 9_500n, pack_small: 500n, pack_medium: 1_900n, pack_large: 4_700n },
  gbp: { pro: 1_700n, max: 8_500n, pack_small: 400n, pack_medium: 1_700n, pack_large: 4_200n },
};

const LOCALES: Readonly<Record<BillingCurrency, string>> = {
  usd: "en-US",
  inr: "en-IN",
  eur: "de-DE",
  gbp: "en-GB",
};

export type Product =
  | { kind: "plan"; id: PaidPlanId; name: string; amountMinor: bigint; pt: bigint; priceId: string | null }
  | { kind: "pack"; id: PackId; name: string; amountMinor: bigint; pt: bigint; priceId: string | null };

export function billingCurrency(): BillingCurrency {
  return env().BILLING_CURRENCY;
}

/** Stripe is configured: real checkout. Otherwise the built-in test checkout (no real payment). */
export function isTestMode(): boolean {
  return !env().STRIPE_SECRET_KEY;
}

function configuredPriceId(key: PaidPlanId | `pack_${PackId}`): string | null {
  const e = env();
  if (isTestMode()) return `price_test_${key}`;
  const ids: Record<PaidPlanId | `pack_${PackId}`, string | undefined> = {
    pro: e.STRIPE_PRICE_PRO,
    max: e.STRIPE_PRICE_MAX,
    pack_small: e.STRIPE_PRICE_PACK_SMALL,
    pack_medium: e.STRIPE_PRICE_PACK_MEDIUM,
    pack_large: e.STRIPE_PRICE_PACK_LARGE,
  };
  return ids[key] ?? null;
}

export function isPaidPlanId(value: unknown): value is PaidPlanId {
  return value === "pro" || value === "max";
}

export function isPackId(value: unknown): value is PackId {
  return typeof value === "string" && (PACK_IDS as readonly string[]).includes(value);
}

export function planProduct(id: PaidPlanId, currency = billingCurrency()): Product {
  const plan = ENTITLEMENTS[id];
  return {
    kind: "plan",
    id,
    name: plan.name,
    amountMinor: PRICES[currency][id],
    pt: plan.monthlyAllowancePt,
    priceId: configuredPriceId(id),
  };
}

export function packProduct(id: PackId, currency = billingCurrency()): Product {
  const name = `${id[0]?.toUpperCase()}${id.slice(1)} top-up`;
  return {
    kind: "pack",
    id,
    name,
    amountMinor: PRICES[currency][`pack_${id}`],
    pt: PACK_PT[id],
    priceId: configuredPriceId(`pack_${id}`),
  };
}

/**
 * The cheapest way to buy PT, in US cents for a number of PT (plans and packs alike): what a PT
 * is worth at the least, for the price sync's margins.
 */
export function cheapestUsdPtSale(): { amountMinor: bigint; pt: bigint } {
  const products = [
    ...(["pro", "max"] as const).map((id) => planProduct(id, "usd")),
    ...PACK_IDS.map((id) => packProduct(id, "usd")),
  ];
  let best = products[0] as Product;
  for (const p of products) if (p.amountMinor * best.pt < best.amountMinor * p.pt) best = p;
  return { amountMinor: best.amountMinor, pt: best.pt };
}

/** The product a Stripe price id sells, or null for a price this deployment does not know. */
export function productForPriceId(priceId: string | null | undefined): Product | null {
  if (!priceId) return null;
  for (const id of ["pro", "max"] as const) {
    const product = planProduct(id);
    if (product.priceId === priceId) return product;
  }
  for (const id of PACK_IDS) {
    const product = packProduct(id);
    if (product.priceId === priceId) return product;
  }
  return null;
}

/** Exact money formatting from minor units (string arithmetic, no floats); INR groups as 1,23,456.78. */
export function formatPrice(minor: bigint, currency: BillingCurrency = billingCurrency()): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(3, "0");
  const decimal = `${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return new Intl.NumberFormat(LOCALES[currency], {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(decimal as `${number}`);
}

/** Grouped PT figure, e.g. 1,500,000. */
export function formatPtAmount(pt: bigint): string {
  return new Intl.NumberFormat("en-US").format(pt.toString() as `${number}`);
}

export type CatalogPlan = {
  id: PlanId;
  name: string;
  priceMinor: string;
  price: string;
  monthlyAllowancePt: string;
  approxMessages: string;
  modelTiers: string[];
  requestsPerMinute: number;
  concurrentStreams: number;
  maxOutputTokens: number;
  dailyPtCap: string;
  purchasable: boolean;
};

export type CatalogPack = {
  id: PackId;
  name: string;
  priceMinor: string;
  price: string;
  pt: string;
  approxMessages: string;
  purchasable: boolean;
};

export type Catalog = {
  currency: BillingCurrency;
  testMode: boolean;
  ptPerTypicalMessage: string;
  plans: CatalogPlan[];
  packs: CatalogPack[];
};

function tiersOf(plan: Entitlements): string[] {
  return MODEL_TIERS.slice(0, MODEL_TIERS.indexOf(plan.maxModelTier) + 1);
}

/** Everything the pricing page and GET /api/billing/plans show (amounts as decimal strings). */
export function catalog(currency = billingCurrency(), ptPerTypicalMessage = PT_PER_TYPICAL_MESSAGE): Catalog {
  const perMessage = ptPerTypicalMessage > 0n ? ptPerTypicalMessage : 1n;
  return {
    currency,
    testMode: isTestMode(),
    ptPerTypicalMessage: perMessage.toString(),
    plans: PLAN_IDS.map((id) => {
      const plan = ENTITLEMENTS[id];
      const priceMinor = id === "free" ? 0n : PRICES[currency][id];
      return {
        id,
        name: plan.name,
        priceMinor: priceMinor.toString(),
        price: formatPrice(priceMinor, currency),
        monthlyAllowancePt: plan.monthlyAllowancePt.toString(),
        approxMessages: formatPtAmount(plan.monthlyAllowancePt / perMessage),
        modelTiers: tiersOf(plan),
        requestsPerMinute: plan.requestsPerMinute,
        concurrentStreams: plan.concurrentStreams,
        maxOutputTokens: plan.maxOutputTokens,
        dailyPtCap: plan.dailyPtCap.toString(),
        purchasable: id !== "free" && configuredPriceId(id) !== null,
      };
    }),
    packs: PACK_IDS.map((id) => {
      const pack = packProduct(id, currency);
      return {
        id,
        name: pack.name,
        priceMinor: pack.amountMinor.toString(),
        price: formatPrice(pack.amountMinor, currency),
        pt: pack.pt.toString(),
        approxMessages: formatPtAmount(pack.pt / perMessage),
        purchasable: pack.priceId !== null,
      };
    }),
  };
}
