// Account deletion, step 2 (the data-cleanup cron job): erase the accounts whose grace period has
// ended. Per account, the scheduled request is first claimed (scheduled → erasing, one conditional
// UPDATE: a sign-in that cancels it concurrently either wins before, and nothing is touched — not
// even the Stripe customer —, or finds nothing to cancel). Then the Stripe customer is deleted, and
// ONE transaction (erasing → completed) does the rest; a run that stops part-way is resumed by the
// next one:
// - the PT left are forfeited through the ledger (lib/ledger/forfeit.ts), so the ledger balances;
// - erased: name, password and 2FA secrets, sessions, tokens, recovery codes, OAuth links, chat
//   settings, cookie consents, notifications, conversation titles and message text, dispute
//   details, API request bodies, pending mail, the billing name, address and tax id on payments;
//   the email becomes a tombstone; API keys are revoked and subscriptions end;
// - kept but pseudonymised (the law's accounting period): ledger rows, payments (amounts, tax,
//   country), Stripe disputes, message/API usage rows (tokens, PT), user disputes, legal
//   acceptances (without IP), audit rows and sent mail — with every occurrence of the email or name
//   in their text replaced, in any letter case.
// Erasure writes across the domains' tables on purpose: one atomic erasure, rather than a
// half-erased account.
import { writeAudit } from "@/lib/admin/audit";
import { invalidateSessionCache } from "@/lib/auth/sessions";
import { deleteStripeCustomer } from "@/lib/billing/customers";
import { endSubscriptionsOfErasedAccount } from "@/lib/billing/subscriptions";
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
    where: {
      kind: "deletion",
      OR: [{ status: "scheduled", dueAt: { lte: now } }, { status: "erasing" }],
    },
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
  // The claim comes before anything irreversible: a deletion cancelled by signing in keeps its
  // Stripe customer. Once claimed it can no longer be cancelled (its grace period is over).
  await db.privacyRequest.updateMany({
    where: { id: input.id, status: "scheduled", dueAt: { lte: now } },
    data: { status: "erasing" },
  });
  const claim = await db.privacyRequest.findUnique({ where: { id: input.id }, select: { status: true } });
  if (claim?.status !== "erasing") return null;
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
        where: { id: input.id, status: "erasing" },
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
      const subscriptionsEnded = await endSubscriptionsOfErasedAccount(tx, userId);
      const counts = { ...(await eraseRows(tx, userId, now)), subscriptionsEnded };
      // Team memberships end (the team and its pool stay); invitations to the address go.
      await tx.teamMember.deleteMany({ where: { userId } });
      await tx.teamInvite.deleteMany({ where: { email: user.email.toLowerCase() } });
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
        category: "security",
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
  // The low-balance alert and auto top-up settings (no charge may run for a deleted account); the
  // auto top-up charges stay with the payments they made.
  await tx.$executeRaw`DELETE FROM "LowBalanceAlert" WHERE "accountId" IN (
    SELECT id FROM "LedgerAccount" WHERE type = 'user' AND "ownerId" = ${userId})`;
  // Their own auto top-up only: a team's, which they may have set, stays the team's.
  await tx.autoTopUp.deleteMany({ where: { ...owner, teamId: null } });
  const conversations = await tx.conversation.updateMany({
    where: owner,
    data: { title: "", deletedAt: now },
  });
  const messages = await tx.message.updateMany({
    where: { conversation: owner },
    data: { content: "" },
  });
  await tx.legalAcceptance.updateMany({ where: owner, data: { ip: null } });
  // Payments stay for the accounting period with their amounts, tax and the buyer's country (the
  // tax records); the billing name, address and tax id go.
  await tx.payment.updateMany({
    where: owner,
    data: { buyerName: null, buyerAddress: null, buyerTaxId: null },
  });
  await tx.dispute.updateMany({ where: owner, data: { detail: null } });
  await tx.apiKey.updateMany({
    where: owner,
    data: { name: "deleted", lastUsedIp: null, revokedAt: now },
  });
  await tx.$executeRaw`UPDATE "ApiRequest" SET "requestBody" = NULL WHERE "userId" = ${userId}::uuid`;
  await tx.emailOutbox.deleteMany({ where: { ...owner, status: { in: ["pending", "failed"] } } });
  await tx.emailOptOut.deleteMany({ where: owner });
  // Provider errors may quote the address ("550 no such user ada@…").
  await tx.emailAttempt.updateMany({ where: { email: owner, error: { not: null } }, data: { error: null } });
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

/**
 * A literal as a Postgres regular expression (ARE): every character that is not a letter or digit
 * escaped, and held to word boundaries where it starts or ends with a letter or digit — so the name
 * "Ann" replaces "ann" and "ANN" but not the "ann" of "annual".
 */
function regexLiteral(value: string): string {
  const word = /[\p{L}\p{N}_]/u;
  const body = value.replace(/[^\p{L}\p{N}]/gu, (c) => `\\${c}`);
  return `${word.test(value.at(0) ?? "") ? "\\y" : ""}${body}${word.test(value.at(-1) ?? "") ? "\\y" : ""}`;
}

/**
 * Replaces the email and name wherever the kept rows carry them as text (JSON included), in any
 * letter case: an address typed as "Ann@Example.com" at checkout is the same address.
 */
async function pseudonymise(
  tx: Prisma.TransactionClient,
  userId: string,
  values: (string | null)[],
): Promise<void> {
  const tomb = tombstoneEmail(userId);
  for (const value of values) {
    if (!value || value.length < 3) continue;
    // As it appears inside JSON text (quotes and backslashes escaped).
    const inJson = regexLiteral(JSON.stringify(value).slice(1, -1));
    const plain = regexLiteral(value);
    await tx.$executeRaw`UPDATE "AuditLog" SET
        "before" = regexp_replace("before"::text, ${inJson}, ${tomb}, 'gi')::jsonb,
        "after" = regexp_replace("after"::text, ${inJson}, ${tomb}, 'gi')::jsonb
      WHERE "before"::text ~* ${inJson} OR "after"::text ~* ${inJson}`;
    await tx.$executeRaw`UPDATE "EmailOutbox" SET "to" = ${tomb}, data = '{}'::jsonb WHERE lower("to") = lower(${value})`;
    await tx.$executeRaw`UPDATE "StripeEvent" SET payload = regexp_replace(payload::text, ${inJson}, ${tomb}, 'gi')::jsonb
      WHERE payload::text ~* ${inJson}`;
    await tx.$executeRaw`UPDATE "Dispute" SET reason = regexp_replace(reason, ${plain}, ${tomb}, 'gi'),
        "resolutionNote" = regexp_replace("resolutionNote", ${plain}, ${tomb}, 'gi')
      WHERE "userId" = ${userId}::uuid AND (reason ~* ${plain} OR "resolutionNote" ~* ${plain})`;
    await tx.$executeRaw`UPDATE "PrivacyRequest" SET note = regexp_replace(note, ${plain}, ${tomb}, 'gi')
      WHERE "userId" = ${userId}::uuid AND note ~* ${plain}`;
    await tx.$executeRaw`UPDATE "Payment" SET description = regexp_replace(description, ${plain}, ${tomb}, 'gi')
      WHERE "userId" = ${userId}::uuid AND description ~* ${plain}`;
  }
}
