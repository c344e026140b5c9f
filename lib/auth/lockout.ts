// Throttling of failed authentication, per account and per IP, stored in the database so it
// holds across instances (docs/security.md has the schedule in prose):
// - account (key "acct:<sha256 of the email>", also for addresses with no account, so the
//   answers do not reveal which exist): failures 1–4 are free; the 5th..9th make the next attempt
//   wait 1, 2, 4, 8, 16 s; the 10th locks the account for 15 min and every further failure doubles
//   the lock (30 min, 1 h, ...) up to 24 h. Failures older than 24 h are forgotten. A successful
//   sign-in or a password reset clears the counter, so a lock never outlives a reset by email.
// - IP ("ip:<address>"): 30 failures within an hour block that address for an hour, so one
//   attacker cannot lock many accounts (at most three an hour) or guess widely.
import { sha256Hex } from "@/lib/auth/crypto";
import type { Db } from "@/lib/db";

export const ACCOUNT_THROTTLE = {
  freeFailures: 4,
  lockAtFailures: 10,
  firstLockSeconds: 15 * 60,
  maxLockSeconds: 24 * 60 * 60,
  windowSeconds: 24 * 60 * 60,
} as const;

export const IP_THROTTLE = { blockAtFailures: 30, blockSeconds: 60 * 60, windowSeconds: 60 * 60 } as const;

/** Seconds the account must wait after its failures-th consecutive failure (0 = none). */
export function accountDelaySeconds(failures: number): number {
  const t = ACCOUNT_THROTTLE;
  if (failures <= t.freeFailures) return 0;
  if (failures < t.lockAtFailures) return 2 ** (failures - t.freeFailures - 1);
  const doublings = Math.min(failures - t.lockAtFailures, 20);
  return Math.min(t.firstLockSeconds * 2 ** doublings, t.maxLockSeconds);
}

/** A delay long enough to count as a lock (it is announced and mailed). */
export function isLockFailureCount(failures: number): boolean {
  return failures >= ACCOUNT_THROTTLE.lockAtFailures;
}

export function ipBlockSeconds(failures: number): number {
  return failures >= IP_THROTTLE.blockAtFailures ? IP_THROTTLE.blockSeconds : 0;
}

export function accountKey(normalizedEmail: string): string {
  return `acct:${sha256Hex(normalizedEmail)}`;
}

export function ipKey(ip: string): string {
  return `ip:${ip.slice(0, 64)}`;
}

export type ThrottleBlock = { key: string; until: Date; retryAfterSeconds: number; failures: number };

/** The first key that is blocked right now, if any. */
export async function findBlock(db: Db, keys: string[], now = new Date()): Promise<ThrottleBlock | null> {
  const rows = await db.authThrottle.findMany({
    where: { key: { in: keys }, blockedUntil: { gt: now } },
    select: { key: true, blockedUntil: true, failures: true },
  });
  const row = rows.sort((a, b) => (b.blockedUntil?.getTime() ?? 0) - (a.blockedUntil?.getTime() ?? 0))[0];
  if (!row?.blockedUntil) return null;
  return {
    key: row.key,
    until: row.blockedUntil,
    retryAfterSeconds: Math.max(1, Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000)),
    failures: row.failures,
  };
}

export type FailureOutcome = { failures: number; blockedUntil: Date | null };

/** Counts one failure for key (atomically) and extends its block per schedule. */
export async function recordFailure(
  db: Db,
  key: string,
  schedule: (failures: number) => number,
  windowSeconds: number,
  now = new Date(),
): Promise<FailureOutcome> {
  const windowStart = new Date(now.getTime() - windowSeconds * 1000);
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "AuthThrottle" ("key", "failures", "lastFailureAt") VALUES (${key}, 1, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "AuthThrottle"."lastFailureAt" < ${windowStart} THEN 1
                        ELSE "AuthThrottle"."failures" + 1 END,
      "lastFailureAt" = ${now}
    RETURNING "failures"`;
  const failures = Number(rows[0]?.failures ?? 1);
  const seconds = schedule(failures);
  if (seconds <= 0) return { failures, blockedUntil: null };
  const until = new Date(now.getTime() + seconds * 1000);
  await db.authThrottle.updateMany({
    where: { key, OR: [{ blockedUntil: null }, { blockedUntil: { lt: until } }] },
    data: { blockedUntil: until },
  });
  return { failures, blockedUntil: until };
}

export function recordAccountFailure(db: Db, email: string, now = new Date()): Promise<FailureOutcome> {
  return recordFailure(db, accountKey(email), accountDelaySeconds, ACCOUNT_THROTTLE.windowSeconds, now);
}

export function recordIpFailure(db: Db, ip: string, now = new Date()): Promise<FailureOutcome> {
  return recordFailure(db, ipKey(ip), ipBlockSeconds, IP_THROTTLE.windowSeconds, now);
}

/** Forgets an account's failures and lifts its lock (successful sign-in, password reset). */
export async function clearAccountThrottle(db: Db, email: string): Promise<void> {
  await db.authThrottle.deleteMany({ where: { key: accountKey(email) } });
}
