// Deletes what the auth and chat tables no longer need, daily (cron "data-cleanup"):
// - AuthThrottle rows whose failures have aged out of every window (24 h) and whose block ended:
//   the lockout would ignore them anyway;
// - AuthToken rows used or expired more than a week ago (only their hashes are stored; the grace
//   week keeps recent ones for support questions);
// - Session rows revoked or expired more than RETENTION_SESSION_DAYS (default 30) days ago (the
//   account's session list shows live sessions; the audit log keeps sign-ins);
// - ChatStreamSlot leases that have expired (a new stream takes such a slot over anyway).
// Nothing here touches money: ledger rows are append-only and never deleted.

import { ACCOUNT_THROTTLE, IP_THROTTLE } from "@/lib/auth/lockout";
import type { DbClient } from "@/lib/db";
import { env } from "@/lib/env";

export const TOKEN_GRACE_DAYS = 7;
/** Days an ended session row is kept (RETENTION_SESSION_DAYS). */
export function sessionRetentionDays(): number {
  return env().RETENTION_SESSION_DAYS;
}
const DAY_MS = 86_400_000;

export type CleanupResult = { throttles: number; tokens: number; sessions: number; streamSlots: number };

export async function cleanupAuthData(db: DbClient, input: { now?: Date } = {}): Promise<CleanupResult> {
  const now = input.now ?? new Date();
  const windowMs = Math.max(ACCOUNT_THROTTLE.windowSeconds, IP_THROTTLE.windowSeconds) * 1000;
  const throttleBefore = new Date(now.getTime() - windowMs);
  const tokenBefore = new Date(now.getTime() - TOKEN_GRACE_DAYS * DAY_MS);
  const sessionBefore = new Date(now.getTime() - sessionRetentionDays() * DAY_MS);
  const [throttles, tokens, sessions, streamSlots] = await Promise.all([
    db.authThrottle.deleteMany({
      where: {
        lastFailureAt: { lt: throttleBefore },
        OR: [{ blockedUntil: null }, { blockedUntil: { lt: now } }],
      },
    }),
    db.authToken.deleteMany({
      where: { OR: [{ usedAt: { lt: tokenBefore } }, { expiresAt: { lt: tokenBefore } }] },
    }),
    db.session.deleteMany({
      where: { OR: [{ revokedAt: { lt: sessionBefore } }, { expiresAt: { lt: sessionBefore } }] },
    }),
    db.chatStreamSlot.deleteMany({ where: { expiresAt: { lt: now } } }),
  ]);
  return {
    throttles: throttles.count,
    tokens: tokens.count,
    sessions: sessions.count,
    streamSlots: streamSlots.count,
  };
}
