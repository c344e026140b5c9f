// Account deletion, step 1: schedule it. The user re-authenticates (password, plus a code with 2FA)
// and confirms that the PT left will be forfeited; an admin may schedule it for a user who asked by
// email. Scheduling signs the account out everywhere, pauses its API keys and mails the date;
// signing in before that date cancels it (cancel-deletion.ts); the data-cleanup job then erases the
// account (erase.ts).
import { writeAudit } from "@/lib/admin/audit";
import type { Reauth } from "@/lib/auth/account";
import { revokeOtherSessions } from "@/lib/auth/sessions";
import { assertReauthenticated } from "@/lib/auth/sign-in";
import type { Db, DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { findAccountId } from "@/lib/ledger/accounts";
import { logger } from "@/lib/logger";

const DAY_MS = 86_400_000;

export type DeletionPreview = {
  /** PT on the account that the erasure will forfeit (posted: includes PT under open holds). */
  ptToForfeit: bigint;
  graceDays: number;
  scheduled: { dueAt: Date } | null;
};

export async function deletionPreview(db: Db, userId: string): Promise<DeletionPreview> {
  const accountId = await findAccountId(db, { kind: "user", userId });
  const [account, scheduled] = await Promise.all([
    accountId
      ? db.ledgerAccount.findUnique({ where: { id: accountId }, select: { posted: true } })
      : Promise.resolve(null),
    db.privacyRequest.findUnique({ where: { openKey: userId }, select: { dueAt: true } }),
  ]);
  return {
    ptToForfeit: account?.posted ?? 0n,
    graceDays: env().ACCOUNT_DELETION_GRACE_DAYS,
    scheduled: scheduled?.dueAt ? { dueAt: scheduled.dueAt } : null,
  };
}

export type ScheduledDeletion = { requestId: string; dueAt: Date; sessionsEnded: number };

/** Schedules the deletion of userId (one at a time: 409 when one is already scheduled). */
export async function scheduleDeletion(
  db: DbClient,
  input: { userId: string; adminId?: string; note?: string; requestId?: string; now?: Date },
): Promise<ScheduledDeletion> {
  const now = input.now ?? new Date();
  const dueAt = new Date(now.getTime() + env().ACCOUNT_DELETION_GRACE_DAYS * DAY_MS);
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { email: true, name: true, status: true },
  });
  if (!user || user.status === "deleted") throw new AppError("not_found", "No such account.");
  try {
    return await db.$transaction(async (tx) => {
      const request = await tx.privacyRequest.create({
        data: {
          userId: input.userId,
          kind: "deletion",
          status: "scheduled",
          openKey: input.userId,
          adminId: input.adminId ?? null,
          note: input.note ?? null,
          dueAt,
          createdAt: now,
        },
        select: { id: true },
      });
      const sessionsEnded = await revokeOtherSessions(tx, {
        userId: input.userId,
        reason: "account_deletion",
      });
      // Signed out everywhere, and the API keys with it: paused (not revoked), so cancelling the
      // deletion by signing in gives them back as they were.
      await tx.apiKey.updateMany({
        where: { userId: input.userId, revokedAt: null, pausedAt: null },
        data: { pausedAt: now },
      });
      await enqueueEmail(tx, {
        to: user.email,
        template: "notice",
        category: "security",
        userId: input.userId,
        dedupeKey: `deletion-scheduled:${request.id}`,
        data: {
          subject: "Your account will be deleted",
          paragraphs: [
            `Your account is scheduled for deletion on ${dueAt.toUTCString()}. You have been signed out everywhere and your API keys are paused.`,
            "Changed your mind? Sign in before that date: the deletion is cancelled and your API keys work again.",
            "On that date your conversations, sessions and profile are erased and any PT left on the account is forfeited. Records of payments and PT movements are kept, without your name or email, for as long as accounting law requires.",
          ],
          name: user.name,
        },
      });
      await writeAudit(
        tx,
        { userId: input.adminId ?? input.userId, requestId: input.requestId },
        {
          action: input.adminId ? "privacy.deletion.admin" : "privacy.deletion",
          targetType: "user",
          targetId: input.userId,
          after: { privacyRequestId: request.id, dueAt, note: input.note },
        },
      );
      return { requestId: request.id, dueAt, sessionsEnded };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "A deletion of this account is already scheduled.");
    }
    throw error;
  }
}

/** DELETE /api/account: re-authentication, then scheduling. */
export async function requestOwnDeletion(
  db: DbClient,
  input: { userId: string; reauth: Reauth; requestId?: string },
): Promise<ScheduledDeletion> {
  await assertReauthenticated(db, { userId: input.userId, ...input.reauth });
  const scheduled = await scheduleDeletion(db, { userId: input.userId, requestId: input.requestId });
  logger.info({ userId: input.userId, dueAt: scheduled.dueAt }, "account deletion scheduled");
  return scheduled;
}
