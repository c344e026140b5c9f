// Account deletion, step 2 (the data-cleanup cron job): erase the accounts whose grace period has
// ended. Per account, in ONE transaction that first claims the scheduled request (a sign-in that
// cancels it concurrently either wins before, and nothing is erased, or finds nothing to cancel):
// - the PT left are forfeited through the ledger (lib/ledger/forfeit.ts), so the ledger balances;
// - erased: name, password and 2FA secrets, sessions, tokens, recovery codes, OAuth links, chat
//   settings, cookie consents, notifications, conversation titles and message text, dispute
//   details, API request bodies, pending mail; the email becomes a tombstone;
// - kept but pseudonymised (the law's accounting period): ledger rows, payments, Stripe disputes,
//   message/API usage rows (tokens, PT), user disputes, legal acceptances (without IP), audit rows
//   and sent mail — with every occurrence of the email or name in their text replaced.
// The Stripe customer is deleted before (lib/billing/customers.ts). Erasure writes across the
// domains' tables on purpose: one atomic erasure, rather than a half-erased account.
import { writeAudit } from "@/lib/admin/audit";
import { invalidateSessionCache } from "@/lib/auth/sessions";
import { deleteStripeCustomer } from "@/lib/billing/customers";
import type { DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import type { Prisma } from "@/lib/generated/prisma/client";
import { forfeitBalance } from "@/lib/ledger/forfeit";
import { release } from "@/lib/ledger/holds";
import { logger } from "@/lib/logger";

/** The erasure job's actor in the audit log (no person). */
export const SYSTEM_ACTOR_ID = "00000000-0000-0000-0000-000000000000";
export const ERASED_MAIL_KEY = "account-erased:";

export function tombstoneEmail(userId: string): string {
  return `deleted-${userId}@deleted.invalid`;
}

export type ErasureStats = { erased: number; ptForfeited: bigint; scrubbedMail: number };

export async function eraseDueAccounts(db: DbClient, input: { now?: Date } = {}): Promise<ErasureStats> {
  const now = input.now ?? new Date();
  const due = await db.privacyRequest.findMany({
    where: { kind: "deletion", status: "scheduled", dueAt: { lte: now } },
    select: { id: true, userId: true },
    orderBy: { dueAt: "asc" },
    take: 100,
  });
  let erased = 0;
  let ptForfeited = 0n;
  for (const request of due) {
    const result = await eraseAccount(db, { ...request, now });
    if (result) {
      erased += 1;
      ptForfeited += result.ptForfeited;
    }
  }
  return { erased, ptForfeited, scrubbedMail: await scrubSentErasureMail(db) };
}

/** The "account deleted" mail is the last trace of the address: blanked once it has gone out. */
async function scrubSentErasureMail(db: DbClient): Promise<number> {
  const rows = await db.emailOutbox.findMany({
    where: {
      dedupeKey: { startsWith: ERASED_MAIL_KEY },
      status: { in: ["sent", "dead"] },
      data: { not: {} },
    },
    select: { id: true, dedupeKey: true },
  });
  for (const row of rows) {
    const userId = (row.dedupeKey ?? "").slice(ERASED_MAIL_KEY.length);
    await db.emailOutbox.update({
      where: { id: row.id },
      data: { to: tombstoneEmail(userId), data: {}, lastError: null },
    });
  }
  return rows.length;
}

export async function eraseAccount(
  db: DbClient,
  input: { id: string; userId: string; now: Date },
): Promise<{ ptForfeited: bigint } | null> {
  const { userId, now } = input;
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  if (!user) return null;
  const stripe = await deleteStripeCustomer(db, userId);
  // PT under an open hold cannot be forfeited; after the grace period such a hold is a leftover.
  const account = await db.ledgerAccount.findUnique({
    where: { type_ownerId: { type: "user", ownerId: userId } },
    select: { holds: { where: { status: "open" }, select: { id: true } } },
  });
  for (const hold of account?.holds ?? []) await release(db, { holdId: hold.id, now });
  const result = await db.$transaction(
    async (tx) => {
      const claimed = await tx.privacyRequest.updateMany({
        where: { id: input.id, status: "scheduled" },
        data: { status: "completed", openKey: null, completedAt: now },
      });
      if (claimed.count === 0) return null;
      const forfeit = await forfeitBalance(tx, {
        account: { kind: "user", userId },
        key: `forfeit:account-deleted:${userId}`,
        reason: "account_deleted",
        actor: "system:account-deletion",
        now,
      });
      const counts = await eraseRows(tx, userId, now);
      await pseudonymise(tx, userId, [user.email, user.name]);
      const stats = { ...counts, ptForfeited: forfeit.forfeited.toString(), stripeCustomer: stripe };
      await tx.privacyRequest.update({ where: { id: input.id }, data: { stats } });
      await writeAudit(
        tx,
        { userId: SYSTEM_ACTOR_ID },
        { action: "privacy.erasure", targetType: "user", targetId: userId, after: stats },
      );
      await enqueueEmail(tx, {
        to: user.email,
        template: "notice",
        dedupeKey: `${ERASED_MAIL_KEY}${userId}`,
        data: {
          subject: "Your account has been deleted",
          paragraphs: [
            "As you asked, your account and its personal data have been deleted.",
            "Records of payments and PT movements are kept without your name or email for as long as accounting law requires. This is the last message we send to this address.",
          ],
        },
      });
      return { ptForfeited: forfeit.forfeited };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  invalidateSessionCache({ userId });
  if (result) logger.info({ userId, ptForfeited: result.ptForfeited.toString() }, "account erased");
  return result;
}

async function eraseRows(tx: Prisma.TransactionClient, userId: string, now: Date) {
  const owner = { userId };
  await tx.user.update({
    where: { id: userId },
    data: {
      email: tombstoneEmail(userId),
      name: null,
      passwordHash: null,
      totpSecret: null,
      totpPendingSecret: null,
      totpPendingAt: null,
      twoFactorEnabledAt: null,
      emailVerifiedAt: null,
      status: "deleted",
    },
  });
  const [sessions, tokens, , , , consents, notifications] = await Promise.all([
    tx.session.deleteMany({ where: owner }),
    tx.authToken.deleteMany({ where: owner }),
    tx.recoveryCode.deleteMany({ where: owner }),
    tx.oAuthAccount.deleteMany({ where: owner }),
    tx.chatSettings.deleteMany({ where: owner }),
    tx.cookieConsent.deleteMany({ where: owner }),
    tx.notification.deleteMany({ where: owner }),
    // The user's outgoing-webhook endpoints (their URLs may identify them), with their deliveries.
    tx.webhookEndpoint.deleteMany({ where: owner }),
  ]);
  // The monthly budget and its alerts (a setting and notices about it; the ledger keeps the usage).
  await tx.$executeRaw`DELETE FROM "Budget" WHERE "accountId" IN (
    SELECT id FROM "LedgerAccount" WHERE type = 'user' AND "ownerId" = ${userId})`;
  await tx.$executeRaw`DELETE FROM "BudgetAlert" WHERE "accountId" IN (
    SELECT id FROM "LedgerAccount" WHERE type = 'user' AND "ownerId" = ${userId})`;
  const conversations = await tx.conversation.updateMany({
    where: owner,
    data: { title: "", deletedAt: now },
  });
  const messages = await tx.message.updateMany({
    where: { conversation: owner },
    data: { content: "" },
  });
  await tx.legalAcceptance.updateMany({ where: owner, data: { ip: null } });
  await tx.dispute.updateMany({ where: owner, data: { detail: null } });
  await tx.apiKey.updateMany({
    where: owner,
    data: { name: "deleted", lastUsedIp: null, revokedAt: now },
  });
  await tx.$executeRaw`UPDATE "ApiRequest" SET "requestBody" = NULL WHERE "userId" = ${userId}::uuid`;
  await tx.emailOutbox.deleteMany({ where: { ...owner, status: { in: ["pending", "failed"] } } });
  const mail = await tx.emailOutbox.updateMany({
    where: owner,
    data: { to: tombstoneEmail(userId), data: {}, lastError: null },
  });
  return {
    sessions: sessions.count,
    tokens: tokens.count,
    consents: consents.count,
    notifications: notifications.count,
    conversations: conversations.count,
    messages: messages.count,
    mail: mail.count,
  };
}

/** Replaces the email and name wherever the kept rows carry them as text (JSON included). */
async function pseudonymise(
  tx: Prisma.TransactionClient,
  userId: string,
  values: (string | null)[],
): Promise<void> {
  const tomb = tombstoneEmail(userId);
  for (const value of values) {
    if (!value || value.length < 3) continue;
    // As it appears inside JSON text (quotes and backslashes escaped).
    const inJson = JSON.stringify(value).slice(1, -1);
    const pattern = `%${inJson.replace(/[\\%_]/g, "\\$&")}%`;
    const plain = `%${value.replace(/[\\%_]/g, "\\$&")}%`;
    await tx.$executeRaw`UPDATE "AuditLog" SET
        "before" = replace("before"::text, ${inJson}, ${tomb})::jsonb,
        "after" = replace("after"::text, ${inJson}, ${tomb})::jsonb
      WHERE "before"::text LIKE ${pattern} OR "after"::text LIKE ${pattern}`;
    await tx.$executeRaw`UPDATE "EmailOutbox" SET "to" = ${tomb}, data = '{}'::jsonb WHERE "to" = ${value}`;
    await tx.$executeRaw`UPDATE "StripeEvent" SET payload = replace(payload::text, ${inJson}, ${tomb})::jsonb
      WHERE payload::text LIKE ${pattern}`;
    await tx.$executeRaw`UPDATE "Dispute" SET reason = replace(reason, ${value}, ${tomb}),
        "resolutionNote" = replace("resolutionNote", ${value}, ${tomb})
      WHERE "userId" = ${userId}::uuid AND (reason LIKE ${plain} OR "resolutionNote" LIKE ${plain})`;
    await tx.$executeRaw`UPDATE "PrivacyRequest" SET note = replace(note, ${value}, ${tomb})
      WHERE "userId" = ${userId}::uuid AND note LIKE ${plain}`;
    await tx.$executeRaw`UPDATE "Payment" SET description = replace(description, ${value}, ${tomb})
      WHERE "userId" = ${userId}::uuid AND description LIKE ${plain}`;
  }
}
