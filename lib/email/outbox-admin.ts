// The outbox as admins see it: rows filtered by status and template, sorted and paged on the
// server, each with its attempt log (one EmailAttempt per provider call of the fallback chain);
// and "Retry now" for a failed or dead mail: requeued (attempts reset, due now) with the caller's
// transaction, so the admin's audit row commits with it, then sent by processOutbox for that row.
import type { z } from "zod";
import { filterEnum, listQuery, pageOf, paging } from "@/lib/admin/list-query";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { EMAIL_TEMPLATES } from "./render";
import type { EmailTemplate } from "./template-name";

export const EMAIL_STATUSES = ["pending", "sending", "sent", "failed", "dead", "skipped"] as const;
export const RETRYABLE_EMAIL_STATUSES = ["failed", "dead"] as const;

/** GET /api/admin/emails and /admin/emails: sortable columns and filters, validated. */
export const EmailsListQuery = listQuery({
  sorts: ["createdAt", "status", "template", "attempts", "nextAttemptAt"],
  defaultSort: "createdAt",
  defaultDir: "desc",
  filters: {
    status: filterEnum(EMAIL_STATUSES),
    template: filterEnum(EMAIL_TEMPLATES as [EmailTemplate, ...EmailTemplate[]]),
  },
});
export type EmailsList = z.output<typeof EmailsListQuery>;

const VIEW = {
  id: true,
  to: true,
  userId: true,
  template: true,
  category: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastError: true,
  provider: true,
  sentAt: true,
  createdAt: true,
  log: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { attempt: true, provider: true, outcome: true, durationMs: true, error: true, createdAt: true },
  },
} as const satisfies Prisma.EmailOutboxSelect;

export type OutboxEmailView = Prisma.EmailOutboxGetPayload<{ select: typeof VIEW }>;

export async function listOutboxEmails(db: Db, query: EmailsList) {
  const where: Prisma.EmailOutboxWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.template ? { template: query.template } : {}),
  };
  const [items, total] = await Promise.all([
    db.emailOutbox.findMany({
      where,
      orderBy: [{ [query.sort]: query.dir }, { id: query.dir }],
      ...paging(query),
      select: VIEW,
    }),
    db.emailOutbox.count({ where }),
  ]);
  return pageOf(query, items, total);
}

export function getOutboxEmail(db: Db, id: string): Promise<OutboxEmailView | null> {
  return db.emailOutbox.findUnique({ where: { id }, select: VIEW });
}

export function isRetryableEmail(status: string): boolean {
  return (RETRYABLE_EMAIL_STATUSES as readonly string[]).includes(status);
}

/**
 * Puts a failed or dead mail back in the queue, due at `now`, with a fresh attempt budget (its
 * log is kept). False when the row is not failed or dead (anymore): nothing changed.
 */
export async function requeueOutboxEmail(db: Db, id: string, now: Date): Promise<boolean> {
  const { count } = await db.emailOutbox.updateMany({
    where: { id, status: { in: [...RETRYABLE_EMAIL_STATUSES] } },
    data: { status: "pending", attempts: 0, nextAttemptAt: now, lockedUntil: null },
  });
  return count === 1;
}
