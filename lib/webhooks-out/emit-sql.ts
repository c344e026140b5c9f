// emitWebhookEvent as SQL, for a cause that is itself one SQL statement (a settlement): a CTE body
// that writes the outbox rows in that statement, so the event and its cause commit or roll back
// together. Same rows as emit.ts: one per enabled endpoint subscribed to the type (the operator's,
// and for a user event the user's own), the same event id (derived from type and key) and the same
// { id, type, timestamp, data } payload; (endpoint, event id) is unique, so a repeat writes nothing.
import { Prisma } from "@/lib/generated/prisma/client";
import { isUserEventType, type WebhookEventType } from "./events";

/**
 * `events`: a SELECT yielding one row per event with columns key (text: the cause's natural key),
 * user_id (uuid or NULL: the user the event is about), data (jsonb: PT and money as strings, like
 * emit.ts's JSON round trip makes them) and at (timestamptz: the event's time).
 */
export function webhookEventsSql(type: WebhookEventType, events: Prisma.Sql): Prisma.Sql {
  const toUsers = isUserEventType(type);
  return Prisma.sql`
    INSERT INTO "WebhookDelivery" (id, "endpointId", "eventId", "eventType", payload, "nextAttemptAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), e.id, ev.event_id, ${type},
      jsonb_build_object('id', ev.event_id, 'type', ${type}::text,
        'timestamp', to_char(ev.at::timestamptz(3) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', ev.data),
      ev.at, ev.at, ev.at
    FROM (
      SELECT src.*, 'evt_' || left(encode(sha256(convert_to(${type}::text || chr(10) || src.key, 'UTF8')), 'hex'), 32)
        AS event_id
      FROM (${events}) src) ev
    JOIN "WebhookEndpoint" e ON e.enabled AND ${type}::text = ANY (e.events)
      AND (e."userId" IS NULL OR (${toUsers}::boolean AND e."userId" = ev.user_id))
    ON CONFLICT ("endpointId", "eventId") DO NOTHING`;
}
