// Password sign-in (used by next-auth's Credentials provider) and re-authentication before
// sensitive changes. Order of checks: per-IP and per-account throttle → password (a dummy hash
// is verified for unknown addresses, so timing does not reveal them) → second factor when
// enabled → session. Every failure and lock is logged (with the request id via the logger).

import { describeDevice } from "@/lib/auth/device";
import { accountKey, clearAccountThrottle, findBlock, ipKey } from "@/lib/auth/lockout";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { PASSWORD_MAX_LENGTH } from "@/lib/auth/password-policy";
import { createSession } from "@/lib/auth/sessions";
import { recordSignInFailure, refusalFor } from "@/lib/auth/sign-in-failures";
import type { SignInResult } from "@/lib/auth/sign-in-result";
import { consumeSecondFactor } from "@/lib/auth/totp";
import type { DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type SignInInput = {
  email: string;
  password: string;
  code?: string;
  ip: string;
  userAgent?: string | null;
};

let dummyHash: Promise<string> | undefined;
/** A real argon2id hash to verify against when the address is unknown (equal work either way). */
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}

const USER_SELECT = {
  id: true,
  email: true,
  name: true,
  passwordHash: true,
  status: true,
  twoFactorEnabledAt: true,
  totpSecret: true,
  totpLastTimeStep: true,
} as const;

export async function signInWithPassword(
  db: DbClient,
  input: SignInInput,
  now = new Date(),
): Promise<SignInResult> {
  const email = input.email;
  const block = await findBlock(db, [ipKey(input.ip), accountKey(email)], now);
  if (block) {
    logger.warn(
      { scope: block.key.split(":")[0], retryAfter: block.retryAfterSeconds },
      "sign-in refused: throttled",
    );
    return refusalFor(block);
  }
  if (input.password.length > PASSWORD_MAX_LENGTH) {
    return recordSignInFailure(db, { email, ip: input.ip, reason: "password_too_long", now });
  }
  const user = await db.user.findUnique({ where: { email }, select: USER_SELECT });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!user?.passwordHash || !passwordOk || user.status === "deleted") {
    return recordSignInFailure(db, {
      email,
      ip: input.ip,
      user: user && user.status !== "deleted" ? user : null,
      reason: user ? "bad_password" : "unknown_email",
      now,
    });
  }
  let method = "password";
  if (user.twoFactorEnabledAt) {
    const code = input.code?.trim();
    if (!code) return { ok: false, error: "two_factor_required" };
    const used = code.length <= 32 ? await consumeSecondFactor(db, user, code) : null;
    if (!used) {
      const result = await recordSignInFailure(db, {
        email,
        ip: input.ip,
        user,
        reason: "bad_second_factor",
        now,
      });
      return result.ok || result.error !== "invalid_credentials"
        ? result
        : { ok: false, error: "two_factor_invalid" };
    }
    method = `password+${used}`;
    if (used === "recovery") logger.warn({ userId: user.id }, "signed in with a recovery code");
  }
  await clearAccountThrottle(db, email);
  const session = await createSession(db, {
    userId: user.id,
    method,
    userAgent: input.userAgent,
    ip: input.ip,
    now,
  });
  await notifyNewDevice(db, user, session.id, input, now);
  logger.info({ userId: user.id, sessionId: session.id, method }, "signed in");
  return { ok: true, userId: user.id, sessionId: session.id, email: user.email, name: user.name };
}

/** Mails the user when a sign-in comes from a browser not seen on any of their earlier sessions. */
async function notifyNewDevice(
  db: DbClient,
  user: { id: string; email: string; name: string | null },
  sessionId: string,
  input: SignInInput,
  now: Date,
): Promise<void> {
  const userAgent = input.userAgent?.slice(0, 512) || null;
  const seenBefore = await db.session.count({
    where: { userId: user.id, userAgent, id: { not: sessionId } },
  });
  const firstEver = (await db.session.count({ where: { userId: user.id } })) === 1;
  if (seenBefore > 0 || firstEver) return;
  await enqueueEmail(db, {
    to: user.email,
    template: "new-sign-in",
    userId: user.id,
    dedupeKey: `new-sign-in:${sessionId}`,
    data: {
      device: describeDevice(userAgent),
      ip: input.ip,
      time: now.toISOString(),
      name: user.name ?? undefined,
    },
  });
}

/**
 * Re-authentication before changing email, password or two-factor settings: the current
 * password, plus a second-factor code when 2FA is on. Failures count towards the same throttle
 * as sign-in. Throws 422 (field-specific) or 429.
 */
export async function assertReauthenticated(
  db: DbClient,
  input: { userId: string; password: string; code?: string; ip: string },
  now = new Date(),
): Promise<{ email: string; name: string | null }> {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: USER_SELECT });
  if (!user || user.status === "deleted") throw new AppError("unauthorized");
  if (!user.passwordHash) {
    throw new AppError(
      "forbidden",
      "This account has no password yet. Set one with “Forgot password” first.",
    );
  }
  const block = await findBlock(db, [ipKey(input.ip), accountKey(user.email)], now);
  if (block) {
    logger.warn(
      { userId: user.id, retryAfter: block.retryAfterSeconds },
      "re-authentication refused: throttled",
    );
    throw new AppError(
      "rate_limited",
      undefined,
      { retryAfter: block.retryAfterSeconds },
      {
        "Retry-After": String(block.retryAfterSeconds),
      },
    );
  }
  const fail = async (field: string, message: string, reason: string): Promise<never> => {
    await recordSignInFailure(db, { email: user.email, ip: input.ip, user, reason, now });
    throw new AppError("validation_failed", message, [{ path: field, message }]);
  };
  if (
    input.password.length > PASSWORD_MAX_LENGTH ||
    !(await verifyPassword(user.passwordHash, input.password))
  ) {
    return fail("currentPassword", "Your current password is not correct.", "reauth_bad_password");
  }
  if (user.twoFactorEnabledAt) {
    const code = input.code?.trim();
    if (!code)
      throw new AppError("validation_failed", "Enter a code from your authenticator app.", [
        { path: "code", message: "Required." },
      ]);
    if (!(await consumeSecondFactor(db, user, code))) {
      return fail("code", "That code is not valid.", "reauth_bad_second_factor");
    }
  }
  return { email: user.email, name: user.name };
}
