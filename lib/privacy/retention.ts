// Retention: the daily "retention" cron job deletes what the configured periods no longer allow
// and returns the counts (stored as the run's stats, so what was deleted is on record):
// - conversation text (titles and messages blanked, the conversation hidden) after
//   RETENTION_CONVERSATION_DAYS since its last message, after 1 day for users who turned "keep
//   history" off, and 30 days after the user deleted the conversation. The message rows stay, with
//   their tokens and PT: usage and disputes are accounting records;
// - bodies of sent, dead or skipped mail after RETENTION_EMAIL_DAYS (address, template and status stay),
//   and the provider error excerpts of their attempt log;
// - audit rows after RETENTION_AUDIT_DAYS (0 = kept);
// - stored API request bodies and cron run records after RETENTION_LOG_DAYS.
// Ended sessions go in the data-cleanup job (lib/auth/cleanup.ts, RETENTION_SESSION_DAYS).
import type { DbClient } from "@/lib/db";
import { type Env, env } from "@/lib/env";

const DAY_MS = 86_400_000;
/** Text of a conversation its owner deleted is kept this long (a mistaken delete can be reported). */
export const DELETED_CONVERSATION_DAYS = 30;
/** "Keep history" off: conversation text is erased this long after its last message. */
export const NO_HISTORY_HOURS = 24;

export type RetentionPolicy = {
  conversationDays: number;
  deletedConversationDays: number;
  noHistoryHours: number;
  emailDays: number;
  sessionDays: number;
  auditDays: number;
  logDays: number;
};

export function retentionPolicy(e: Env = env()): RetentionPolicy {
  return {
    conversationDays: e.RETENTION_CONVERSATION_DAYS,
    deletedConversationDays: DELETED_CONVERSATION_DAYS,
    noHistoryHours: NO_HISTORY_HOURS,
    emailDays: e.RETENTION_EMAIL_DAYS,
    sessionDays: e.RETENTION_SESSION_DAYS,
    auditDays: e.RETENTION_AUDIT_DAYS,
    logDays: e.RETENTION_LOG_DAYS,
  };
}

export type RetentionStats = {
  conversations: number;
  messages: number;
  emailBodies: number;
  auditRows: number;
  apiRequestBodies: number;
  cronRuns: number;
};

export async function enforceRetention(
  db: DbClient,
  input: { now?: Date; policy?: RetentionPolicy } = {},
): Promise<RetentionStats> {
  const now = input.now ?? new Date();
  const policy = input.policy ?? retentionPolicy();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  // null disables a period: the comparison with NULL is never true.
  const conversationBefore = policy.conversationDays > 0 ? ago(policy.conversationDays * DAY_MS) : null;
  const deletedBefore = ago(policy.deletedConversationDays * DAY_MS);
  const noHistoryBefore = ago(policy.noHistoryHours * 3_600_000);
  const { conversations, messages } = await db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT c.id::text AS id FROM "Conversation" c
      WHERE (c.title <> '' OR EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c.id AND m.content <> ''))
        AND (c."updatedAt" < ${conversationBefore}::timestamptz
          OR c."deletedAt" < ${deletedBefore}::timestamptz
          OR (c."updatedAt" < ${noHistoryBefore}::timestamptz AND c."userId" IN
                (SELECT s."userId" FROM "ChatSettings" s WHERE s."keepHistory" = false)))
      FOR UPDATE SKIP LOCKED`;
    if (due.length === 0) return { conversations: 0, messages: 0 };
    const ids = due.map((d) => d.id);
    const blanked = await tx.$executeRaw`
      UPDATE "Message" SET content = '' WHERE "conversationId" = ANY(${ids}::uuid[]) AND content <> ''`;
    await tx.$executeRaw`
      UPDATE "Conversation" SET title = '', "deletedAt" = coalesce("deletedAt", ${now}::timestamptz)
      WHERE id = ANY(${ids}::uuid[])`;
    return { conversations: ids.length, messages: blanked };
  });
  const emailBodies =
    policy.emailDays > 0
      ? await db.$executeRaw`
          UPDATE "EmailOutbox" SET data = '{}'::jsonb, "lastError" = NULL
          WHERE status IN ('sent', 'dead', 'skipped') AND "createdAt" < ${ago(policy.emailDays * DAY_MS)}::timestamptz
            AND data <> '{}'::jsonb`
      : 0;
  // Provider errors in the attempt log may quote addresses: kept as long as the mail's body.
  if (policy.emailDays > 0)
    await db.$executeRaw`
      UPDATE "EmailAttempt" SET error = NULL
      WHERE error IS NOT NULL AND "createdAt" < ${ago(policy.emailDays * DAY_MS)}::timestamptz`;
  const auditRows =
    policy.auditDays > 0
      ? (await db.auditLog.deleteMany({ where: { createdAt: { lt: ago(policy.auditDays * DAY_MS) } } })).count
      : 0;
  let apiRequestBodies = 0;
  let cronRuns = 0;
  if (policy.logDays > 0) {
    const logBefore = ago(policy.logDays * DAY_MS);
    apiRequestBodies = await db.$executeRaw`
      UPDATE "ApiRequest" SET "requestBody" = NULL
      WHERE "requestBody" IS NOT NULL AND "createdAt" < ${logBefore}::timestamptz`;
    cronRuns = (
      await db.cronRun.deleteMany({ where: { status: { not: "running" }, startedAt: { lt: logBefore } } })
    ).count;
  }
  return { conversations, messages, emailBodies, auditRows, apiRequestBodies, cronRuns };
}
