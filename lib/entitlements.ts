// The one typed entitlements table, keyed by plan. Chat throttles, model access and monthly
// allowances are read only through the helpers below, so a plan's limits live in one place.
// Allowances are sized so a fully used plan keeps a 50% gross margin at list price (PT are worth
// 1/PT_PER_USD of list price: Pro's $20 buys $10 of list-price usage), above the 40% alert line.
// monthlyPriceMinor is the USD list price in cents; other currencies' prices, top-up packs and
// Stripe price ids live in lib/billing/catalog.ts.

export const PLAN_IDS = ["free", "pro", "max"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

/** Model tiers, cheapest first. A plan may use its own tier and every tier below it. */
export const MODEL_TIERS = ["free", "pro", "max"] as const;
export type ModelTier = (typeof MODEL_TIERS)[number];

export type Entitlements = {
  id: PlanId;
  name: string;
  /** Monthly USD list price in cents (0 for free); see lib/billing/catalog.ts for other currencies. */
  monthlyPriceMinor: bigint;
  /** PT granted each billing period as an allowance that expires at the period end. */
  monthlyAllowancePt: bigint;
  /** Highest model tier the plan may use. */
  maxModelTier: ModelTier;
  requestsPerMinute: number;
  concurrentStreams: number;
  maxOutputTokens: number;
  /** Hard ceiling on PT spent per UTC day, whatever the balance. */
  dailyPtCap: bigint;
};

export const ENTITLEMENTS: Readonly<Record<PlanId, Entitlements>> = {
  free: {
    id: "free",
    name: "Free",
    monthlyPriceMinor: 0n,
    monthlyAllowancePt: 50_000n,
    maxModelTier: "free",
    requestsPerMinute: 10,
    concurrentStreams: 1,
    maxOutputTokens: 1_024,
    dailyPtCap: 20_000n,
  },
  pro: {
    id: "pro",
    name: "Pro",
    monthlyPriceMinor: 2_000n,
    monthlyAllowancePt: 1_000_000n,
    maxModelTier: "pro",
    requestsPerMinute: 30,
    concurrentStreams: 3,
    maxOutputTokens: 4_096,
    dailyPtCap: 400_000n,
  },
  max: {
    id: "max",
    name: "Max",
    monthlyPriceMinor: 10_000n,
    monthlyAllowancePt: 5_000_000n,
    maxModelTier: "max",
    requestsPerMinute: 60,
    concurrentStreams: 6,
    maxOutputTokens: 8_192,
    dailyPtCap: 2_000_000n,
  },
};

/** Guests get the free plan's throttles (their PT comes from the trial grant, not an allowance). */
export const GUEST_PLAN: PlanId = "free";

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === "string" && (PLAN_IDS as readonly string[]).includes(value);
}

export function entitlementsFor(plan: PlanId): Entitlements {
  return ENTITLEMENTS[plan];
}

export function tierRank(tier: ModelTier): number {
  return MODEL_TIERS.indexOf(tier);
}

/** Whether a plan may use a model of the given tier. */
export function planAllowsTier(plan: PlanId, tier: ModelTier): boolean {
  return tierRank(tier) <= tierRank(ENTITLEMENTS[plan].maxModelTier);
}

/** The cheapest plans that unlock a tier, for upgrade prompts. */
export function plansUnlocking(tier: ModelTier): PlanId[] {
  return PLAN_IDS.filter((plan) => planAllowsTier(plan, tier));
}

/**
 * The team plan, priced per seat: the Stripe subscription's quantity is the number of seats and
 * each paid period grants the team's pool `ptPerSeatMonthly` × seats, expiring at the period end.
 * Members chat on TEAM_WORKSPACE_PLAN's throttles (lib/teams/workspace.ts). USD seat price here;
 * other currencies in lib/billing/catalog.ts.
 */
export const TEAM_PLAN = {
  id: "team",
  name: "Team",
  seatPriceMinor: 1_500n,
  ptPerSeatMonthly: 750_000n,
  minSeats: 1,
  maxSeats: 500,
} as const;
