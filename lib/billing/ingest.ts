// One webhook delivery: verify the signature on the raw body, store the event, apply it. The
// route and the test-mode checkout both come through here (test mode over real HTTP). An event
// whose effect fits one statement (invoice-paid-at-once.ts) is stored and applied in that
// statement; every other event, and any delivery that statement leaves undecided, takes the
// general path: store (once per id), claim, effect in one transaction, retried on failure.

import type { EventOutcome } from "@/lib/billing/event-store";
import { processEvent, storeEvent } from "@/lib/billing/event-store";
import { invoicePaidAtOnce } from "@/lib/billing/events/invoice-paid-at-once";
import { webhookSecrets } from "@/lib/billing/stripe-client";
import { verifyWebhook } from "@/lib/billing/webhook-verify";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { type SpanHandle, withSpan } from "@/lib/tracing";

/** One delivery, in a span "stripe.webhook" (while tracing) with the event's id, type and outcome. */
export function ingestWebhook(
  db: PrismaClient,
  input: { rawBody: string; signature: string | null; now?: Date },
): Promise<EventOutcome> {
  return withSpan("stripe.webhook", undefined, async (span) => {
    const outcome = await ingest(db, input, span);
    span.setAttributes({ "ledgerchat.webhook.duplicate": outcome.duplicate === true });
    return outcome;
  });
}

async function ingest(
  db: PrismaClient,
  input: { rawBody: string; signature: string | null; now?: Date },
  span: SpanHandle,
): Promise<EventOutcome> {
  const event = verifyWebhook(input.rawBody, input.signature, webhookSecrets(), {
    now: input.now ? Math.floor(input.now.getTime() / 1000) : undefined,
  });
  span.setAttributes({ "ledgerchat.stripe.event_id": event.id, "ledgerchat.stripe.event_type": event.type });
  // A failed single statement wrote nothing (it is atomic): the general path decides and records.
  const atOnce = await invoicePaidAtOnce(db, event, input.now).catch((error: unknown) => {
    logger.debug({ eventId: event.id, err: error }, "webhook: single-statement effect declined");
    return null;
  });
  if (atOnce) return atOnce;
  const created = await storeEvent(db, event, input.now);
  const outcome = await processEvent(db, event.id, { now: input.now });
  return created ? outcome : { ...outcome, duplicate: true };
}
