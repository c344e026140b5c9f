// POST /api/stripe/webhook — Stripe's deliveries. The raw body is read (size-capped) and its
// signature verified before anything parses it; a forged, unsigned or stale request gets 400 and
// changes nothing. A verified event is stored (once per id) and applied; the answer is 2xx even
// when the effect failed, because the stored event is retried by the cron worker. Only a failure
// to store answers 5xx, so that Stripe redelivers.
import { ingestWebhook } from "@/lib/billing/ingest";
import { MAX_WEBHOOK_BYTES } from "@/lib/billing/webhook-verify";
import { readTextBody } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withPublic } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withPublic({ rateLimit: false }, async ({ request, db }) => {
  const rawBody = await readTextBody(request, MAX_WEBHOOK_BYTES);
  const outcome = await ingestWebhook(db, {
    rawBody,
    signature: request.headers.get("stripe-signature"),
  });
  return json({ received: true, status: outcome.status, duplicate: outcome.duplicate ?? false });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
