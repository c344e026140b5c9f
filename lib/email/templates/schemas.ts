// Zod schemas of each template's data. Parsed at enqueue time, so a caller's mistake fails in
// the caller's request instead of as a dead row hours later; the worker parses again on send.
import { z } from "zod";

// Links in mail must be absolute http(s): a javascript: or data: URL would survive escaping.
export const httpUrl = z.url({ protocol: /^https?$/ });
// Cosmetic fields never reject: a sign-in must not fail because a name is blank or a proxy sent a
// long X-Forwarded-For. They are trimmed, cut to size, and fall back instead.
const name = z
  .string()
  .nullish()
  .transform((v) => v?.trim().slice(0, 200) || undefined);
const display = (max: number, fallback: string) =>
  z.string().transform((v) => v.trim().slice(0, max) || fallback);

export const VerifyEmailData = z.object({ url: httpUrl, name });
export const PasswordResetData = z.object({
  url: httpUrl,
  name,
  expiresMinutes: z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 60),
});
export const NewSignInData = z.object({
  device: display(200, "Unknown device"),
  ip: display(100, "unknown"),
  // An ISO timestamp (what JSON round-trips a Date to) or a Date.
  time: z.coerce.date(),
  name,
});
export const TwoFactorChangedData = z.object({ enabled: z.boolean(), name });
export const AccountLockedData = z.object({ unlockUrl: httpUrl, until: z.coerce.date(), name });
export const DisputeResolvedData = z.object({
  approved: z.boolean(),
  item: display(200, "a charge"),
  note: z
    .string()
    .nullish()
    .transform((v) => v?.trim().slice(0, 1000) || undefined),
  url: httpUrl,
  name,
});
export const NoticeData = z.object({
  subject: z.string().trim().min(1).max(200),
  paragraphs: z.array(z.string().max(2_000)).min(1).max(30),
  actionUrl: httpUrl.optional(),
  actionLabel: z.string().max(60).optional(),
  name,
});

// Money and PT travel as decimal strings of integers (JSON has no bigint); the templates format
// them with lib/money at render time, so no float ever touches an amount.
const integerString = z
  .union([z.string(), z.bigint(), z.number().int()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^-?\d{1,30}$/, "must be an integer"));
const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, "must be a 3-letter currency code");
const label = (max: number) => z.string().trim().min(1).max(max);

export const WelcomeData = z.object({
  name,
  chatUrl: httpUrl,
  pricingUrl: httpUrl,
  /** The Free plan's monthly PT, when it has any. */
  freePt: integerString.optional(),
});
export const PurchaseReceiptData = z.object({
  name,
  description: label(200),
  amountMinor: integerString,
  /** The tax included in amountMinor (0 without tax) and its label ("VAT 20%", the demo rate). */
  taxMinor: integerString.default("0"),
  taxLabel: label(120).nullish(),
  currency,
  pt: integerString,
  paidAt: z.coerce.date(),
  /** The payment's reference (Stripe payment intent or checkout session id). */
  reference: label(200),
  balanceUrl: httpUrl,
  /** The full receipt page (seller, buyer, tax id). */
  receiptUrl: httpUrl.optional(),
});
export const SubscriptionChangedData = z.object({
  name,
  change: z.enum(["started", "changed", "cancelled", "resumed", "ended"]),
  plan: label(60),
  previousPlan: label(60).optional(),
  /** Renewal date (started, changed, resumed) or the last day of access (cancelled). */
  periodEnd: z.coerce.date().optional(),
  manageUrl: httpUrl,
});
export const InvoiceAvailableData = z.object({
  name,
  invoiceId: label(200),
  amountMinor: integerString,
  currency,
  description: label(200),
  periodEnd: z.coerce.date().optional(),
  /** Stripe's hosted invoice page; without it (test mode) the mail links to the billing page. */
  invoiceUrl: httpUrl.optional(),
  billingUrl: httpUrl,
});
export const PaymentFailedData = z.object({
  name,
  amountMinor: integerString,
  currency,
  attempt: z.number().int().min(1).max(1_000),
  /** Stripe's hosted invoice page, where the invoice can be paid; else the billing page. */
  invoiceUrl: httpUrl.optional(),
  billingUrl: httpUrl,
});
const ptAmount = z.string().regex(/^(0|[1-9][0-9]{0,18})$/);
/** Written by the settlement statement's SQL (lib/budgets/settle-alerts.ts), not by enqueueEmail. */
export const BudgetAlertData = z.object({
  threshold: z.number().int().min(1).max(1_000),
  spentPt: ptAmount,
  budgetPt: ptAmount,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  hardStop: z.boolean(),
  ptPerUsd: z.string().regex(/^[1-9][0-9]{0,15}$/),
  url: httpUrl,
  name,
});

export const TeamInviteData = z.object({
  url: httpUrl,
  teamName: display(100, "a team"),
  inviterName: display(200, "A team owner"),
  role: z.enum(["owner", "admin", "member", "viewer"]),
  expiresDays: z.number().int().positive().max(90),
  name,
});
/** Written by the settlement statement's SQL (lib/budgets/low-balance-sql.ts), not by enqueueEmail. */
export const LowBalanceData = z.object({
  availablePt: ptAmount,
  thresholdPt: ptAmount,
  ptPerUsd: z.string().regex(/^[1-9][0-9]{0,15}$/),
  url: httpUrl,
  settingsUrl: httpUrl,
  /** Set for a team's pool: the mail speaks of the team's pool, not the reader's balance. */
  teamName: z
    .string()
    .nullish()
    .transform((v) => v?.trim().slice(0, 100) || undefined),
  name,
});
/** An auto top-up charged (a receipt follows when it is credited) or failed and turned off. */
export const AutoTopUpData = z.object({
  outcome: z.enum(["charged", "failed"]),
  pack: label(120),
  pt: integerString,
  amountMinor: integerString,
  currency,
  thresholdPt: ptAmount,
  /** Why a charge failed, in words the buyer can act on. */
  reason: label(300).optional(),
  url: httpUrl,
  name,
});
