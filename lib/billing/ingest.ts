// One webhook delivery: verify the signature on the raw body, store the event, apply it. The
// route and the test-mode checkout both come through here (test mode over real HTTP).

import type { EventOutcome } from "@/lib/billing/event-store";
import { processEvent, storeEvent } from "@/lib/billing/event-store";
import { webhookSecrets } from "@/lib/billing/stripe-client";
import { verifyWebhook } from "@/lib/billing/webhook-verify";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export async function ingestWebhook(
  db: PrismaClient,
  input: { rawBody: string; signature: string | null; now?: Date },
): Promise<EventOutcome> {
  const event = verifyWebhook(input.rawBody, input.signature, webhookSecrets(), {
    now: input.now ? Math.floor(input.now.getTime() / 1000) : undefined,
  });
  const created = await storeEvent(db, event, input.now);
  const outcome = await processEvent(db, event.id, { now: input.now });
  return created ? outcome : { ...outcome, duplicate: true };
}
