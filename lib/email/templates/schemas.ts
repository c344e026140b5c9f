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
