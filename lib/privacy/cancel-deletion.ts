// Signing in cancels a scheduled account deletion (the grace period's promise) and un-pauses the
// account's API keys. Called by every
// new session (lib/auth/sessions.ts createSession), so this file imports nothing from lib/auth.
// Cheap on the sign-in path: one UPDATE on the unique openKey.
import type { Db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { logger } from "@/lib/logger";

export async function cancelScheduledDeletion(db: Db, userId: string, now = new Date()): Promise<boolean> {
  const { count } = await db.privacyRequest.updateMany({
    where: { openKey: userId, kind: "deletion", status: "scheduled" },
    data: { status: "cancelled", openKey: null, cancelledAt: now },
  });
  if (count === 0) return false;
  // The keys paused by the scheduling work again (keys revoked before were never paused).
  await db.apiKey.updateMany({ where: { userId, pausedAt: { not: null } }, data: { pausedAt: null } });
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  if (user) {
    await enqueueEmail(db, {
      to: user.email,
      template: "notice",
      category: "security",
      userId,
      data: {
        subject: "Your account deletion was cancelled",
        paragraphs: [
          "You signed in, so the deletion of your account that you asked for has been cancelled.",
          "Your account, conversations, balance and API keys are as they were. If you still want to delete it, ask again from your privacy settings.",
        ],
        name: user.name,
      },
    });
  }
  logger.info({ userId }, "account deletion cancelled by signing in");
  return true;
}
