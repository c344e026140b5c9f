// What happens on a failed authentication: count it against the IP and the account, log it, and
// when this failure locks the account, mail the owner a link that unlocks it (a password reset).
import { appUrl } from "@/lib/app-url";
import {
  isLockFailureCount,
  recordAccountFailure,
  recordIpFailure,
  type ThrottleBlock,
} from "@/lib/auth/lockout";
import type { SignInResult } from "@/lib/auth/sign-in-result";
import { issueToken } from "@/lib/auth/tokens";
import type { DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { logger } from "@/lib/logger";

export function refusalFor(block: ThrottleBlock): SignInResult {
  const locked = block.key.startsWith("acct:") && isLockFailureCount(block.failures);
  return { ok: false, error: locked ? "locked" : "throttled", retryAfterSeconds: block.retryAfterSeconds };
}

export async function recordSignInFailure(
  db: DbClient,
  input: {
    email: string;
    ip: string;
    user?: { id: string; email: string; name: string | null } | null;
    reason: string;
    now: Date;
  },
): Promise<SignInResult & { ok: false }> {
  const ip = await recordIpFailure(db, input.ip, input.now);
  const account = await recordAccountFailure(db, input.email, input.now);
  logger.warn(
    {
      reason: input.reason,
      userId: input.user?.id,
      ip: input.ip,
      accountFailures: account.failures,
      ipFailures: ip.failures,
    },
    "authentication failed",
  );
  if (ip.blockedUntil && ip.failures === 30) {
    logger.warn(
      { until: ip.blockedUntil.toISOString() },
      "IP blocked after repeated authentication failures",
    );
  }
  if (account.blockedUntil && isLockFailureCount(account.failures)) {
    logger.warn(
      { userId: input.user?.id, until: account.blockedUntil.toISOString(), failures: account.failures },
      "account locked",
    );
    if (input.user) await mailLock(db, input.user, account.blockedUntil, account.failures);
    return { ok: false, error: "locked", retryAfterSeconds: secondsUntil(account.blockedUntil, input.now) };
  }
  return { ok: false, error: "invalid_credentials" };
}

async function mailLock(
  db: DbClient,
  user: { id: string; email: string },
  until: Date,
  failures: number,
): Promise<void> {
  const token = await issueToken(db, { userId: user.id, kind: "password_reset", email: user.email });
  await enqueueEmail(db, {
    to: user.email,
    template: "account-locked",
    userId: user.id,
    dedupeKey: `account-locked:${user.id}:${until.getTime()}:${failures}`,
    data: { unlockUrl: `${appUrl()}/reset-password?token=${token}`, until: until.toISOString() },
  });
}

function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
