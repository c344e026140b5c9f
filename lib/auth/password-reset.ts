// Password reset: a single-use link (30 min) by email. Asking never reveals whether the address
// has an account. Using it sets the new password, marks the address verified (the link proved
// control of it), lifts any lock and ends every session.
import { appUrl } from "@/lib/app-url";
import { clearAccountThrottle } from "@/lib/auth/lockout";
import { hashPassword } from "@/lib/auth/password";
import { assertAcceptablePassword } from "@/lib/auth/password-policy";
import { noticePasswordChanged } from "@/lib/auth/security-notices";
import { invalidateSessionCache, revokeOtherSessions } from "@/lib/auth/sessions";
import { consumeToken, issueToken, peekToken, TOKEN_TTL_MS } from "@/lib/auth/tokens";
import { sendWelcomeEmail } from "@/lib/auth/welcome";
import type { DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/** Sends a reset link when the address has an account; does nothing otherwise. */
export async function requestPasswordReset(db: DbClient, email: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, status: true } });
  if (!user || user.status === "deleted") {
    logger.info("password reset requested for an unknown address");
    return;
  }
  await db.$transaction(async (tx) => {
    const token = await issueToken(tx, { userId: user.id, kind: "password_reset", email });
    await enqueueEmail(tx, {
      to: email,
      template: "password-reset",
      userId: user.id,
      data: {
        url: `${appUrl()}/reset-password?token=${token}`,
        name: user.name ?? undefined,
        expiresMinutes: TOKEN_TTL_MS.password_reset / 60_000,
      },
    });
  });
  logger.info({ userId: user.id }, "password reset link sent");
}

const INVALID_LINK = "This reset link is invalid or has expired. Request a new one.";

export async function resetPassword(
  db: DbClient,
  input: { token: string; password: string },
): Promise<{ userId: string }> {
  // Check the new password before spending the link, so a weak choice can be corrected.
  const peek = await peekToken(db, input.token, "password_reset");
  if (!peek) throw new AppError("bad_request", INVALID_LINK);
  assertAcceptablePassword(input.password, { email: peek.email });
  const passwordHash = await hashPassword(input.password);
  const userId = await db.$transaction(async (tx) => {
    const record = await consumeToken(tx, input.token, "password_reset");
    if (!record) return null;
    const user = await tx.user.findUnique({
      where: { id: record.userId },
      select: { email: true, name: true, status: true, emailVerifiedAt: true },
    });
    if (!user || user.status === "deleted" || user.email !== record.email) return null;
    const now = new Date();
    await tx.user.update({
      where: { id: record.userId },
      data: { passwordHash, passwordChangedAt: now, emailVerifiedAt: user.emailVerifiedAt ?? now },
    });
    // The reset link proved the address: the first such proof welcomes the account.
    if (!user.emailVerifiedAt)
      await sendWelcomeEmail(tx, { userId: record.userId, email: user.email, name: user.name });
    await noticePasswordChanged(tx, {
      userId: record.userId,
      email: user.email,
      name: user.name,
      at: now,
      via: "reset",
    });
    await tx.authToken.deleteMany({ where: { userId: record.userId, kind: "password_reset", usedAt: null } });
    await revokeOtherSessions(tx, { userId: record.userId, reason: "password_reset" });
    await clearAccountThrottle(tx, user.email);
    return record.userId;
  });
  if (!userId) throw new AppError("bad_request", INVALID_LINK);
  invalidateSessionCache({ userId });
  logger.info({ userId }, "password reset: all sessions ended, lock lifted");
  return { userId };
}
