// The team plan in the catalog: one Stripe price per seat (subscription quantity = seats), its
// allowance pooled on the team's account (TEAM_PLAN.ptPerSeatMonthly × seats per period). Amounts
// are integer minor units of BILLING_CURRENCY; a paid amount is always checked against this table.
import type { BillingCurrency } from "@/lib/billing/catalog";
import { billingCurrency, formatPrice, isTestMode } from "@/lib/billing/catalog";
import { TEAM_PLAN } from "@/lib/entitlements";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const SEAT_PRICES: Readonly<Record<BillingCurrency, bigint>> = {
  usd: TEAM_PLAN.seatPriceMinor,
  inr: 129_900n,
  eur: 1_400n,
  gbp: 1_200n,
};

export const TEST_TEAM_SEAT_PRICE_ID = "price_test_team_seat";

/** The seat's Stripe price id (a local id in test mode), or null when not on sale. */
export function teamSeatPriceId(): string | null {
  if (isTestMode()) return TEST_TEAM_SEAT_PRICE_ID;
  return env().STRIPE_PRICE_TEAM_SEAT ?? null;
}

export function isTeamSeatPrice(priceId: string | null | undefined): boolean {
  return Boolean(priceId) && priceId === teamSeatPriceId();
}

export function seatPriceMinor(currency: BillingCurrency = billingCurrency()): bigint {
  return SEAT_PRICES[currency];
}

/** A whole number of seats within the plan's bounds, or 422. */
export function assertSeats(seats: number): number {
  if (!Number.isInteger(seats) || seats < TEAM_PLAN.minSeats || seats > TEAM_PLAN.maxSeats)
    throw new AppError(
      "validation_failed",
      `Seats must be a whole number from ${TEAM_PLAN.minSeats} to ${TEAM_PLAN.maxSeats}.`,
    );
  return seats;
}

export type TeamPlanQuote = {
  seats: number;
  seatPriceMinor: bigint;
  amountMinor: bigint;
  pt: bigint;
  priceId: string | null;
};

/** What `seats` seats cost a month and grant the pool a period. */
export function teamPlanQuote(seats: number, currency: BillingCurrency = billingCurrency()): TeamPlanQuote {
  const n = BigInt(assertSeats(seats));
  const seat = seatPriceMinor(currency);
  return {
    seats,
    seatPriceMinor: seat,
    amountMinor: seat * n,
    pt: TEAM_PLAN.ptPerSeatMonthly * n,
    priceId: teamSeatPriceId(),
  };
}

/** For the billing page: the plan's terms as display strings. */
export function teamPlanTerms(currency: BillingCurrency = billingCurrency()) {
  return {
    name: TEAM_PLAN.name,
    seatPriceMinor: seatPriceMinor(currency).toString(),
    seatPrice: formatPrice(seatPriceMinor(currency), currency),
    ptPerSeat: TEAM_PLAN.ptPerSeatMonthly.toString(),
    minSeats: TEAM_PLAN.minSeats,
    maxSeats: TEAM_PLAN.maxSeats,
    purchasable: teamSeatPriceId() !== null,
  };
}
