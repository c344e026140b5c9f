// Writes an event into the outgoing-webhook outbox: one WebhookDelivery row per enabled endpoint
// subscribed to its type. Called with the caller's transaction, so the rows exist exactly when the
// change they announce commits. Idempotent on (type, key): the event id is derived from them and
// (endpoint, event id) is unique, so a replayed cause never sends twice.
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ADMIN_ALERT_TYPE } from "./chat-format";
import { isUserEventType, type WebhookEventType } from "./events";

export type WebhookEventInput = {
  /** admin.alert goes only to Slack / Discord endpoints (which subscribe to nothing else). */
  type: WebhookEventType | typeof ADMIN_ALERT_TYPE;
  /** The user the event is about (user events); their endpoints receive it besides the operator's. */
  userId?: string | null;
  /** The natural key of the cause (payment intent id, dispute id, run key…). */
  key: string;
  data: Record<string, unknown>;
  now?: Date;
};

export function webhookEventId(type: string, key: string): string {
  return `evt_${createHash("sha256").update(`${type}\n${key}`).digest("hex").slice(0, 32)}`;
}

/** The body every endpoint receives: Standard Webhooks' recommended { type, timestamp, data }. */
export function eventPayload(type: string, id: string, data: unknown, now: Date): Prisma.InputJsonObject {
  // JSON round trip: BigInt becomes a decimal string, Dates ISO strings; what is stored is what is sent.
  const plain = JSON.parse(
    JSON.stringify(data, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
  return { id, type, timestamp: now.toISOString(), data: plain };
}

export async function emitWebhookEvent(db: Db, input: WebhookEventInput): Promise<{ deliveries: number }> {
  const now = input.now ?? new Date();
  const owners: ({ userId: null } | { userId: string })[] = [{ userId: null }];
  if (input.userId && isUserEventType(input.type)) owners.push({ userId: input.userId });
  const endpoints = await db.webhookEndpoint.findMany({
    where: { enabled: true, events: { has: input.type }, OR: owners },
    select: { id: true },
  });
  if (endpoints.length === 0) return { deliveries: 0 };
  const eventId = webhookEventId(input.type, input.key);
  const payload = eventPayload(input.type, eventId, input.data, now);
  // ON CONFLICT DO NOTHING: a unique violation would abort the caller's transaction.
  const { count } = await db.webhookDelivery.createMany({
    data: endpoints.map((e) => ({
      endpointId: e.id,
      eventId,
      eventType: input.type,
      payload,
      nextAttemptAt: now,
    })),
    skipDuplicates: true,
  });
  return { deliveries: count };
}
