// A user's auto top-up settings: on/off, the threshold (available PT), the pack bought and the most
// charges a UTC day. Turning it on needs a saved card (Stripe: the customer's default or first card;
// test mode: a paid checkout before, the test stand-in for a saved card) and is refused while Stripe
// Tax is on: a bare off-session PaymentIntent has no automatic tax (only Checkout, invoices and
// subscriptions do), so it would charge the pack's price with no tax computed, unlike every other
// purchase and its receipt. Saving re-arms the crossing and clears a previous failure.
import { isProductionDeployment } from "@/lib/app-url";
import { isPackId, isTestMode, type PackId, packProduct } from "@/lib/billing/catalog";
import { customerIdOf } from "@/lib/billing/customers";
import { getStripe } from "@/lib/billing/stripe-client";
import { automaticTaxEnabled } from "@/lib/billing/tax";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ensureAccount } from "@/lib/ledger/accounts";

export const AUTO_TOPUP_MAX_PER_DAY = 10;
export const AUTO_TOPUP_MAX_THRESHOLD_PT = 1_000_000_000_000n;

export type AutoTopUpInput = { enabled: boolean; thresholdPt: bigint; pack: PackId; maxPerDay: number };
export type AutoTopUpView = {
  enabled: boolean;
  thresholdPt: bigint | null;
  pack: PackId | null;
  maxPerDay: number;
  /** Why the app turned it off (a failed charge), until saved again. */
  offReason: string | null;
  /** Why it cannot be turned on here, or null. */
  unavailable: string | null;
  /** The latest charges, newest first. */
  charges: { id: string; pack: string; status: string; error: string | null; createdAt: Date }[];
};

export const TAX_UNAVAILABLE =
  "Auto top-up is unavailable while automatic tax (Stripe Tax) is on: an off-session charge cannot compute tax.";

function unavailable(): string | null {
  return automaticTaxEnabled() ? TAX_UNAVAILABLE : null;
}

export async function autoTopUpSettings(db: Db, userId: string): Promise<AutoTopUpView> {
  const [row, charges] = await Promise.all([
    db.autoTopUp.findFirst({ where: { userId, teamId: null } }),
    db.autoTopUpCharge.findMany({
      where: { userId, teamId: null },
      orderBy: { createdAt: "desc" },
      take: 5,
      select: { id: true, pack: true, status: true, error: true, createdAt: true },
    }),
  ]);
  return {
    enabled: row?.enabled ?? false,
    thresholdPt: row?.thresholdPt ?? null,
    pack: row && isPackId(row.pack) ? row.pack : null,
    maxPerDay: row?.maxPerDay ?? 1,
    offReason: row?.offReason ?? null,
    unavailable: unavailable(),
    charges,
  };
}

/** The card an off-session charge uses (Stripe mode), or null when the customer has none saved. */
export async function savedCard(customer: string): Promise<string | null> {
  const stripe = getStripe();
  if (!stripe) return null;
  const found = await stripe.customers.retrieve(customer);
  if (!("deleted" in found && found.deleted)) {
    const pm = found.invoice_settings?.default_payment_method;
    if (pm) return typeof pm === "string" ? pm : pm.id;
  }
  const cards = await stripe.paymentMethods.list({ customer, type: "card", limit: 1 });
  return cards.data[0]?.id ?? null;
}

async function assertCanCharge(db: Db, userId: string): Promise<void> {
  const reason = unavailable();
  if (reason) throw new AppError("conflict", reason);
  const customer = await customerIdOf(db, userId);
  const noCard = "Auto top-up needs a saved card: buy a top-up or a plan first.";
  if (!customer) throw new AppError("conflict", noCard);
  if (isTestMode()) {
    if (isProductionDeployment()) throw new AppError("service_unavailable", "Payments are not configured.");
    const paid = await db.payment.count({ where: { userId } });
    if (paid === 0) throw new AppError("conflict", noCard);
    return;
  }
  if (!(await savedCard(customer))) throw new AppError("conflict", noCard);
}

/** 422 with field issues unless the settings are in range (users' and teams' alike). */
export function assertAutoTopUpInput(input: AutoTopUpInput): void {
  const issues = [];
  if (input.thresholdPt <= 0n || input.thresholdPt > AUTO_TOPUP_MAX_THRESHOLD_PT)
    issues.push({ path: "thresholdPt", message: "A whole number of PT, at least 1." });
  if (!isPackId(input.pack)) issues.push({ path: "pack", message: "Choose a top-up pack." });
  if (!Number.isInteger(input.maxPerDay) || input.maxPerDay < 1 || input.maxPerDay > AUTO_TOPUP_MAX_PER_DAY)
    issues.push({ path: "maxPerDay", message: `From 1 to ${AUTO_TOPUP_MAX_PER_DAY} a day.` });
  if (issues.length) throw new AppError("validation_failed", undefined, issues);
}

export async function setAutoTopUp(db: Db, userId: string, input: AutoTopUpInput): Promise<AutoTopUpView> {
  assertAutoTopUpInput(input);
  if (input.enabled) await assertCanCharge(db, userId);
  packProduct(input.pack); // the pack is sold in the billing currency
  const { id: accountId } = await ensureAccount(db, { kind: "user", userId });
  const data = {
    enabled: input.enabled,
    thresholdPt: input.thresholdPt,
    pack: input.pack,
    maxPerDay: input.maxPerDay,
    firedMark: null,
    offReason: null,
  };
  await db.autoTopUp.upsert({ where: { accountId }, create: { accountId, userId, ...data }, update: data });
  return autoTopUpSettings(db, userId);
}
