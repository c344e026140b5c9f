// An endpoint's delivery log (every attempt: status code, duration, response excerpt), the manual
// Retry of a failed or dead delivery, and "Send test event". Scoped by the endpoint's owner.
import type { Db, DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type DeliverOptions, deliverWebhooks } from "./deliver";
import { eventPayload, webhookEventId } from "./emit";
import { getEndpoint, type Owner } from "./endpoints";
import { TEST_EVENT_TYPE } from "./events";

export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  log: {
    attempt: number;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
    responseExcerpt: string | null;
    createdAt: Date;
  }[];
};

const DELIVERY_VIEW = {
  id: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastStatusCode: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
  log: {
    orderBy: { attempt: "asc" },
    select: {
      attempt: true,
      statusCode: true,
      durationMs: true,
      error: true,
      responseExcerpt: true,
      createdAt: true,
    },
  },
} as const;

export async function listDeliveries(
  db: Db,
  owner: Owner,
  endpointId: string,
  limit = 50,
): Promise<DeliveryView[]> {
  await getEndpoint(db, owner, endpointId);
  return db.webhookDelivery.findMany({
    where: { endpointId, endpoint: { userId: owner.userId } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: DELIVERY_VIEW,
  });
}

async function deliveryOf(db: Db, owner: Owner, id: string): Promise<DeliveryView> {
  const found = await db.webhookDelivery.findFirst({
    where: { id, endpoint: { userId: owner.userId } },
    select: DELIVERY_VIEW,
  });
  if (!found) throw new AppError("not_found", "No such delivery.");
  return found;
}

/**
 * Sends a failed or dead delivery again, now, and answers it with its new attempt logged. The
 * automatic attempt budget starts afresh (a success ends it; a failure retries with backoff).
 */
export async function retryDelivery(
  db: DbClient,
  owner: Owner,
  id: string,
  options: DeliverOptions = {},
): Promise<DeliveryView> {
  await deliveryOf(db, owner, id);
  const { endpoint } = await db.webhookDelivery.findUniqueOrThrow({
    where: { id },
    select: { endpoint: { select: { enabled: true } } },
  });
  if (!endpoint.enabled) throw new AppError("conflict", "Enable the endpoint first.");
  const { count } = await db.webhookDelivery.updateMany({
    where: { id, status: { in: ["failed", "dead"] }, endpoint: { userId: owner.userId } },
    data: { status: "pending", attempts: 0, nextAttemptAt: options.now ?? new Date() },
  });
  if (count === 0) throw new AppError("conflict", "Only a failed or dead delivery can be retried.");
  await deliverWebhooks(db, { ...options, onlyIds: [id] });
  return deliveryOf(db, owner, id);
}

/** A `webhook.test` event to this endpoint only, delivered now. */
export async function sendTestEvent(
  db: DbClient,
  owner: Owner,
  endpointId: string,
  options: DeliverOptions = {},
): Promise<DeliveryView> {
  const endpoint = await getEndpoint(db, owner, endpointId);
  if (!endpoint.enabled) throw new AppError("conflict", "Enable the endpoint to send a test event.");
  const now = options.now ?? new Date();
  const eventId = webhookEventId(TEST_EVENT_TYPE, `${endpointId}:${now.toISOString()}:${Math.random()}`);
  const row = await db.webhookDelivery.create({
    data: {
      endpointId,
      eventId,
      eventType: TEST_EVENT_TYPE,
      payload: eventPayload(
        TEST_EVENT_TYPE,
        eventId,
        {
          subject: "Test event from Ledgerchat",
          paragraphs: ["This endpoint is set up: it received a test event."],
        },
        now,
      ),
      nextAttemptAt: now,
    },
    select: { id: true },
  });
  await deliverWebhooks(db, { ...options, onlyIds: [row.id] });
  return deliveryOf(db, owner, row.id);
}
