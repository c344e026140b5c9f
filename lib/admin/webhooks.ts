// Stripe webhook events for admins: sorted, filtered (status, type prefix) and paged on the server, view a
// payload, replay a failed or dead event now (requeue + process; audited).

import type { z } from "zod";
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import { filterEnum, filterText, listQuery, pageOf, paging } from "@/lib/admin/list-query";
import { processEvent, REPLAYABLE_STATUSES, requeueEvent } from "@/lib/billing/event-store";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export const STRIPE_EVENT_STATUSES = [
  "received",
  "processing",
  "applied",
  "ignored",
  "failed",
  "dead",
] as const;

/** GET /api/admin/webhooks and /admin/webhooks: sortable columns and filters, validated. */
export const WebhooksListQuery = listQuery({
  sorts: ["receivedAt", "type", "status", "attempts", "processedAt"],
  defaultSort: "receivedAt",
  defaultDir: "desc",
  filters: { status: filterEnum(STRIPE_EVENT_STATUSES), type: filterText(100) },
});
export type WebhooksList = z.output<typeof WebhooksListQuery>;

export async function listWebhookEvents(db: Db, query: WebhooksList) {
  const where: Prisma.StripeEventWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.type ? { type: { startsWith: query.type } } : {}),
  };
  const column =
    query.sort === "processedAt"
      ? { processedAt: { sort: query.dir, nulls: "last" as const } }
      : { [query.sort]: query.dir };
  const [items, total] = await Promise.all([
    db.stripeEvent.findMany({
      where,
      orderBy: [column, { id: query.dir }],
      ...paging(query),
      select: {
        id: true,
        type: true,
        objectId: true,
        status: true,
        attempts: true,
        lastError: true,
        receivedAt: true,
        processedAt: true,
      },
    }),
    db.stripeEvent.count({ where }),
  ]);
  return pageOf(query, items, total);
}

export async function getWebhookEvent(db: Db, id: string) {
  const event = await db.stripeEvent.findUnique({ where: { id } });
  if (!event) throw new AppError("not_found", "No such event.");
  return event;
}

export async function replayWebhookEvent(db: PrismaClient, actor: Actor, id: string) {
  const before = await getWebhookEvent(db, id);
  if (!isReplayable(before.status)) {
    throw new AppError(
      "conflict",
      `This event is being processed (${before.status}); try again in a moment.`,
    );
  }
  await db.$transaction(async (tx) => {
    if (!(await requeueEvent(tx, id)))
      throw new AppError("conflict", "This event is being processed; try again in a moment.");
    await writeAudit(tx, actor, {
      action: "webhook.replay",
      targetType: "stripe_event",
      targetId: id,
      before: { status: before.status, attempts: before.attempts, lastError: before.lastError },
      after: { status: "failed", attempts: 0, requeued: true },
    });
  });
  const outcome = await processEvent(db, id);
  return outcome;
}

/** Whether an admin may replay an event in this status (failed, dead, or settled: idempotent). */
export function isReplayable(status: string): boolean {
  return (REPLAYABLE_STATUSES as readonly string[]).includes(status);
}
