// Email normalisation: trimmed, Unicode NFC, lower-cased. Dots and +tags are kept: they are
// distinct mailboxes at many providers, and folding them would merge other people's accounts.
import { z } from "zod";

export function normalizeEmail(raw: string): string {
  return raw.trim().normalize("NFC").toLowerCase();
}

/** An email address field: at most 254 characters, normalised, then validated. */
export const EmailField = z.string().max(254).transform(normalizeEmail).pipe(z.email());
