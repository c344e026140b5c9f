// Zod schemas of each template's data. Parsed at enqueue time, so a caller's mistake fails in
// the caller's request instead of as a dead row hours later; the worker parses again on send.
import { z } from "zod";

// Links in mail must be absolute http(s): a javascript: or data: URL would survive escaping.
export const httpUrl = z.url({ protocol: /^https?$/ });
const name = z.string().trim().min(1).max(200).optional();

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
  device: z.string().min(1).max(500),
  ip: z.string().min(1).max(100),
  // An ISO timestamp (what JSON round-trips a Date to) or a Date.
  time: z.coerce.date(),
  name,
});
export const TwoFactorChangedData = z.object({ enabled: z.boolean(), name });
export const AccountLockedData = z.object({ unlockUrl: httpUrl, until: z.coerce.date(), name });
