// Account settings services: profile, password and email changes, two-factor management.
// Every sensitive change first re-authenticates (sign-in.ts assertReauthenticated).
import { hashPassword } from "@/lib/auth/password";
import { assertAcceptablePassword } from "@/lib/auth/password-policy";
import { noticePasswordChanged } from "@/lib/auth/security-notices";
import { invalidateSessionCache, revokeOtherSessions } from "@/lib/auth/sessions";
import { assertReauthenticated } from "@/lib/auth/sign-in";
import {
  beginTotpSetup,
  confirmTotpSetup,
  disableTotp,
  replaceRecoveryCodes,
  type TotpSetup,
} from "@/lib/auth/totp";
import { sendVerificationEmail } from "@/lib/auth/verify-email";
import type { DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type Reauth = { password: string; code?: string; ip: string };

export type AccountView = {
  id: string;
  email: string;
  name: string | null;
  role: "USER" | "ADMIN";
  status: "active" | "frozen" | "deleted";
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  hasPassword: boolean;
  recoveryCodesLeft: number;
  createdAt: Date;
};

export async function getAccount(db: DbClient, userId: string): Promise<AccountView> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      status: true,
      emailVerifiedAt: true,
      twoFactorEnabledAt: true,
      passwordHash: true,
      createdAt: true,
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  if (!user) throw new AppError("not_found");
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.status,
    emailVerified: user.emailVerifiedAt !== null,
    twoFactorEnabled: user.twoFactorEnabledAt !== null,
    hasPassword: user.passwordHash !== null,
    recoveryCodesLeft: user._count.recoveryCodes,
    createdAt: user.createdAt,
  };
}

export async function updateProfile(
  db: DbClient,
  userId: string,
  input: { name: string | null },
): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { name: input.name } });
}

/** Changes the password and ends every other session. */
export async function changePassword(
  db: DbClient,
  input: { userId: string; sessionId?: string; newPassword: string; reauth: Reauth },
): Promise<{ sessionsEnded: number }> {
  const { email, name } = await assertReauthenticated(db, { userId: input.userId, ...input.reauth });
  assertAcceptablePassword(input.newPassword, { email }, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  const sessionsEnded = await db.$transaction(async (tx) => {
    const at = new Date();
    await tx.user.update({
      where: { id: input.userId },
      data: { passwordHash, passwordChangedAt: at },
    });
    await noticePasswordChanged(tx, { userId: input.userId, email, name, at, via: "settings" });
    return revokeOtherSessions(tx, {
      userId: input.userId,
      keep: input.sessionId,
      reason: "password_changed",
    });
  });
  invalidateSessionCache({ userId: input.userId });
  logger.info({ userId: input.userId, sessionsEnded }, "password changed");
  return { sessionsEnded };
}

/** Sends a verification link to the new address; the change happens when it is used. */
export async function requestEmailChange(
  db: DbClient,
  input: { userId: string; newEmail: string; reauth: Reauth },
): Promise<void> {
  const { email, name } = await assertReauthenticated(db, { userId: input.userId, ...input.reauth });
  if (input.newEmail === email)
    throw new AppError("validation_failed", "That is already your address.", [
      { path: "newEmail", message: "Unchanged." },
    ]);
  // Same answer whether or not the new address is taken; the link will refuse then.
  const taken = await db.user.findUnique({ where: { email: input.newEmail }, select: { id: true } });
  if (taken) {
    logger.info({ userId: input.userId }, "email change to an address in use (nothing sent)");
    return;
  }
  await db.$transaction((tx) =>
    sendVerificationEmail(tx, { userId: input.userId, email: input.newEmail, name }),
  );
  logger.info({ userId: input.userId }, "email change requested");
}

export async function resendVerification(db: DbClient, userId: string): Promise<void> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, name: true, emailVerifiedAt: true },
  });
  if (!user || user.emailVerifiedAt) return;
  await db.$transaction((tx) => sendVerificationEmail(tx, { userId, email: user.email, name: user.name }));
}

export async function startTwoFactorSetup(
  db: DbClient,
  input: { userId: string; reauth: Reauth },
): Promise<TotpSetup> {
  const { email } = await assertReauthenticated(db, { userId: input.userId, ...input.reauth });
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { twoFactorEnabledAt: true },
  });
  if (user?.twoFactorEnabledAt) throw new AppError("conflict", "Two-factor authentication is already on.");
  return beginTotpSetup(db, { id: input.userId, email });
}

/**
 * Turns 2FA on and ends every other session: one signed in with the password alone (perhaps by
 * whoever made the account want 2FA) must not outlive it. `sessionId` is the caller's, kept.
 */
export async function enableTwoFactor(
  db: DbClient,
  input: { userId: string; code: string; sessionId?: string },
): Promise<string[]> {
  const result = await db.$transaction(async (tx) => {
    const codes = await confirmTotpSetup(tx, input.userId, input.code);
    if (!codes) return null;
    await mailTwoFactorChanged(tx, input.userId, true);
    await revokeOtherSessions(tx, {
      userId: input.userId,
      keep: input.sessionId,
      reason: "two_factor_enabled",
    });
    return codes;
  });
  if (!result) {
    throw new AppError(
      "validation_failed",
      "That code is not valid. Check the time on your device and try again.",
      [{ path: "code", message: "Invalid code." }],
    );
  }
  invalidateSessionCache({ userId: input.userId });
  logger.info({ userId: input.userId }, "two-factor authentication enabled");
  return result;
}

export async function disableTwoFactor(
  db: DbClient,
  input: { userId: string; reauth: Reauth },
): Promise<void> {
  await assertReauthenticated(db, { userId: input.userId, ...input.reauth });
  await db.$transaction(async (tx) => {
    await disableTotp(tx, input.userId);
    await mailTwoFactorChanged(tx, input.userId, false);
  });
  invalidateSessionCache({ userId: input.userId });
  logger.warn({ userId: input.userId }, "two-factor authentication disabled");
}

export async function regenerateRecoveryCodes(
  db: DbClient,
  input: { userId: string; reauth: Reauth },
): Promise<string[]> {
  await assertReauthenticated(db, { userId: input.userId, ...input.reauth });
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { twoFactorEnabledAt: true },
  });
  if (!user?.twoFactorEnabledAt) throw new AppError("conflict", "Turn on two-factor authentication first.");
  const codes = await replaceRecoveryCodes(db, input.userId);
  logger.info({ userId: input.userId }, "recovery codes regenerated");
  return codes;
}

async function mailTwoFactorChanged(
  db: Parameters<typeof enqueueEmail>[0],
  userId: string,
  enabled: boolean,
): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  if (!user) return;
  await enqueueEmail(db, {
    to: user.email,
    template: "two-factor-changed",
    userId,
    data: { enabled, name: user.name ?? undefined },
  });
}
