// The Free plan's monthly allowance. Paid plans get theirs from invoice.paid; Free has no invoice,
// so each verified Free user's allowance for the current UTC month is granted when the email is
// verified and by the hourly grant job (which also catches users who drop to Free mid-month),
// keyed by user and month: idempotent, and it expires exactly at month end like any allowance.
// Unverified accounts get none (guests have the trial instead), so throwaway sign-ups mint no PT.
import type { Db } from "@/lib/db";
import { ENTITLEMENTS } from "@/lib/entitlements";
import { grantCredits } from "@/lib/ledger/grants";

/** `2026-11` for any instant in November 2026 (UTC). */
export function monthKey(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** The first instant of the next UTC month: when this month's allowance stops being spendable. */
export function nextMonthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

// Per process, the (user, month) pairs already granted: saves a write on every chat request.
// A miss only costs one idempotent no-op insert, so the cache needs no invalidation.
const granted = new Set<string>();

export async function ensureFreeAllowance(
  db: Db,
  input: { userId: string; plan: string; emailVerified: boolean; now?: Date },
): Promise<boolean> {
  if (input.plan !== "free" || !input.emailVerified) return false;
  const now = input.now ?? new Date();
  const key = `free-allowance:${input.userId}:${monthKey(now)}`;
  if (granted.has(key)) return false;
  const amount = ENTITLEMENTS.free.monthlyAllowancePt;
  if (amount <= 0n) return false;
  const result = await grantCredits(db, {
    account: { kind: "user", userId: input.userId },
    amount,
    source: "allowance",
    expiresAt: nextMonthStart(now),
    key,
    actor: "system:free-plan",
    metadata: { plan: "free", month: monthKey(now) },
  });
  if (granted.size > 50_000) granted.clear();
  granted.add(key);
  return result.created;
}

/** Grants this month's allowance to every verified Free user who lacks it (hourly job). */
export async function grantFreeAllowances(
  db: Db,
  options: { now?: Date; limit?: number } = {},
): Promise<{ granted: number }> {
  const now = options.now ?? new Date();
  const prefix = `free-allowance:`;
  const suffix = `:${monthKey(now)}`;
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id::text AS id FROM "User" u
    WHERE u.plan = 'free' AND u.status = 'active' AND u."emailVerifiedAt" IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM "LedgerTransaction" t WHERE t."idempotencyKey" = ${prefix} || u.id::text || ${suffix})
    ORDER BY u.id LIMIT ${options.limit ?? 5_000}`;
  let granted = 0;
  for (const { id } of due) {
    if (await ensureFreeAllowance(db, { userId: id, plan: "free", emailVerified: true, now })) granted++;
  }
  return { granted };
}

/** Tests only. */
export function forgetFreeAllowanceCache(): void {
  granted.clear();
}
