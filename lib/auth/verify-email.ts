// Email verification: a single-use link (24 h) to prove control of an address, used both after
// sign-up and to confirm a change of address (the token records which address it verifies).
import { appUrl } from "@/lib/app-url";
import { noticeEmailChanged } from "@/lib/auth/security-notices";
import { invalidateSessionCache } from "@/lib/auth/sessions";
import { consumeToken, issueToken } from "@/lib/auth/tokens";
import { sendWelcomeEmail } from "@/lib/auth/welcome";
import { ensureFreeAllowance } from "@/lib/billing/free-allowance";
import type { Db, DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { forgetCached, USER_ACCESS_CACHE } from "@/lib/ttl-cache";

export async function sendVerificationEmail(
  db: Db,
  input: { userId: string; email: string; name?: string | null },
): Promise<void> {
  const token = await issueToken(db, { userId: input.userId, kind: "verify_email", email: input.email });
  await enqueueEmail(db, {
    to: input.email,
    template: "verify-email",
    userId: input.userId,
    data: { url: `${appUrl()}/verify-email?token=${token}`, name: input.name ?? undefined },
  });
}

/** Uses a verification link. Returns the verified address; 400 when the link is invalid or used. */
export async function confirmEmail(db: DbClient, token: string): Promise<{ userId: string; email: string }> {
  const result = await db.$transaction(async (tx) => {
    const record = await consumeToken(tx, token, "verify_email");
    if (!record) return null;
    const user = await tx.user.findUnique({
      where: { id: record.userId },
      select: { email: true, name: true, status: true, emailVerifiedAt: true },
    });
    if (!user || user.status === "deleted") return null;
    if (user.email !== record.email) {
      const taken = await tx.user.findUnique({ where: { email: record.email }, select: { id: true } });
      if (taken) throw new AppError("conflict", "That address is already in use by another account.");
      await noticeEmailChanged(tx, {
        userId: record.userId,
        oldEmail: user.email,
        newEmail: record.email,
        name: user.name,
        at: new Date(),
      });
      logger.info({ userId: record.userId }, "email address changed");
    }
    const verified = await tx.user.update({
      where: { id: record.userId },
      data: { email: record.email, emailVerifiedAt: new Date() },
      select: { plan: true },
    });
    await ensureFreeAllowance(tx, { userId: record.userId, plan: verified.plan, emailVerified: true });
    // First proof of an address (not a change of a verified one): welcome, once per account.
    if (!user.emailVerifiedAt)
      await sendWelcomeEmail(tx, { userId: record.userId, email: record.email, name: user.name });
    return { userId: record.userId, email: record.email };
  });
  if (!result) throw new AppError("bad_request", "This link is invalid or has expired. Request a new one.");
  invalidateSessionCache({ userId: result.userId });
  forgetCached(USER_ACCESS_CACHE, result.userId);
  logger.info({ userId: result.userId }, "email verified");
  return result;
}
