// Stripe webhook events for admins: filter by status and type (keyset on receivedAt, id), view a
// payload, replay a failed or dead event now (requeue + process; audited).
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import { processEvent, requeueEvent } from "@/lib/billing/event-store";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PrismaClient, StripeEventStatus } from "@/lib/generated/prisma/client";

export type WebhookFilter = { status?: StripeEventStatus; type?: string; cursor?: string; limit?: number };

export async function listWebhookEvents(db: Db, filter: WebhookFilter) {
  const limit = Math.min(filter.limit ?? 50, 200);
  const rows = await db.stripeEvent.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.type ? { type: { startsWith: filter.type } } : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
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
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getWebhookEvent(db: Db, id: string) {
  const event = await db.stripeEvent.findUnique({ where: { id } });
  if (!event) throw new AppError("not_found", "No such event.");
  return event;
}

export async function replayWebhookEvent(db: PrismaClient, actor: Actor, id: string) {
  const before = await getWebhookEvent(db, id);
  if (before.status !== "failed" && before.status !== "dead") {
    throw new AppError(
      "conflict",
      `Only failed or dead events can be replayed (this one is ${before.status}).`,
    );
  }
  await db.$transaction(async (tx) => {
    if (!(await requeueEvent(tx, id)))
      throw new AppError("conflict", "This event is no longer failed or dead.");
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
