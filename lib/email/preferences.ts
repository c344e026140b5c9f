// A user's email preferences: one opt-out row per optional category turned off (no row: on).
// Essential categories cannot be stored, so security mail can never be switched off, by the
// settings page or by a crafted request. The one-click unsubscribe (a signed token, no sign-in)
// only ever adds an opt-out.
import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { EMAIL_CATEGORIES, EMAIL_CATEGORY_NAMES, type EmailCategory, isEmailCategory } from "./categories";
import { readUnsubscribeToken } from "./unsubscribe-token";

export type EmailPreference = {
  category: EmailCategory;
  label: string;
  description: string;
  essential: boolean;
  enabled: boolean;
};

/**
 * The body of a preferences change: any category, each on (true) or off (false). Turning an
 * essential one off is refused with a readable message (on is a no-op); unknown keys are refused.
 */
export const EmailPreferencesPatch = z
  .strictObject(
    Object.fromEntries(EMAIL_CATEGORY_NAMES.map((c) => [c, z.boolean().optional()])) as Record<
      EmailCategory,
      z.ZodOptional<z.ZodBoolean>
    >,
  )
  .superRefine((patch, ctx) => {
    for (const category of EMAIL_CATEGORY_NAMES) {
      if (patch[category] === false && EMAIL_CATEGORIES[category].essential)
        ctx.addIssue({
          code: "custom",
          path: [category],
          message: `${EMAIL_CATEGORIES[category].label} emails cannot be turned off.`,
        });
    }
  });
export type EmailPreferencesPatch = Partial<Record<EmailCategory, boolean>>;

export async function getEmailPreferences(db: DbClient, userId: string): Promise<EmailPreference[]> {
  const rows = await db.emailOptOut.findMany({ where: { userId }, select: { category: true } });
  const off = new Set(rows.map((r) => r.category));
  return EMAIL_CATEGORY_NAMES.map((category) => {
    const { label, description, essential } = EMAIL_CATEGORIES[category];
    return { category, label, description, essential, enabled: essential || !off.has(category) };
  });
}

export async function setEmailPreferences(
  db: DbClient,
  userId: string,
  patch: EmailPreferencesPatch,
): Promise<EmailPreference[]> {
  const off: EmailCategory[] = [];
  const on: EmailCategory[] = [];
  for (const [category, enabled] of Object.entries(patch) as [EmailCategory, boolean | undefined][]) {
    if (enabled === undefined || !isEmailCategory(category)) continue;
    if (EMAIL_CATEGORIES[category].essential) {
      if (enabled) continue;
      throw new AppError(
        "validation_failed",
        `${EMAIL_CATEGORIES[category].label} emails cannot be turned off.`,
      );
    }
    (enabled ? on : off).push(category);
  }
  await db.$transaction([
    db.emailOptOut.deleteMany({ where: { userId, category: { in: on } } }),
    db.emailOptOut.createMany({
      data: off.map((category) => ({ userId, category, source: "settings" })),
      skipDuplicates: true,
    }),
  ]);
  return getEmailPreferences(db, userId);
}

/**
 * One-click unsubscribe: turns the token's category off for its user. Idempotent (a second click,
 * or the mail client's POST after the person's, changes nothing). A token for a user that no
 * longer exists succeeds too: it says nothing about who has an account.
 */
export async function unsubscribeWithToken(
  db: DbClient,
  token: string,
): Promise<{ category: EmailCategory; label: string }> {
  const parsed = readUnsubscribeToken(token);
  if (!parsed) throw new AppError("bad_request", "This unsubscribe link is not valid.");
  const user = await db.user.findUnique({ where: { id: parsed.userId }, select: { status: true } });
  if (user && user.status !== "deleted") {
    await db.emailOptOut.createMany({
      data: [{ userId: parsed.userId, category: parsed.category, source: "unsubscribe-link" }],
      skipDuplicates: true,
    });
  }
  return { category: parsed.category, label: EMAIL_CATEGORIES[parsed.category].label };
}

/** What a valid token would unsubscribe from (the confirmation page), or null. */
export async function describeUnsubscribeToken(
  db: DbClient,
  token: string,
): Promise<{ category: EmailCategory; label: string; description: string; alreadyOff: boolean } | null> {
  const parsed = readUnsubscribeToken(token);
  if (!parsed) return null;
  const row = await db.emailOptOut.findUnique({
    where: { userId_category: { userId: parsed.userId, category: parsed.category } },
    select: { userId: true },
  });
  const { label, description } = EMAIL_CATEGORIES[parsed.category];
  return { category: parsed.category, label, description, alreadyOff: row !== null };
}

/** The (user, category) pairs among `rows` whose user turned that category off: `${userId}:${category}`. */
export async function optedOutPairs(
  db: DbClient | Prisma.TransactionClient,
  rows: { userId: string | null; category: string }[],
): Promise<Set<string>> {
  const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null))];
  if (userIds.length === 0) return new Set();
  const found = await db.emailOptOut.findMany({
    where: { userId: { in: userIds } },
    select: { userId: true, category: true },
  });
  return new Set(found.map((r) => `${r.userId}:${r.category}`));
}
