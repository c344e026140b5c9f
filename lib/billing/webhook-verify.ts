// Stripe webhook signatures, checked on the raw body before anything parses it, by the Stripe SDK
// (`webhooks.constructEvent`) against each accepted secret in turn (current, then the previous one
// during a rotation). The SDK refuses a timestamp older than the tolerance; one further in the
// future than the tolerance is refused here too, so a captured header cannot be replayed later.
// The verified body is then held to the zod shape every handler relies on.
import Stripe from "stripe";
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const SIGNATURE_TOLERANCE_SECONDS = 300;
export const MAX_WEBHOOK_BYTES = 512 * 1024;

/** The part of an event every handler relies on; the rest of the payload is stored as-is. */
export const VerifiedEvent = z.looseObject({
  id: z.string().regex(/^evt_[A-Za-z0-9_]+$/),
  object: z.literal("event"),
  type: z.string().min(1).max(100),
  created: z.number().int().positive(),
  livemode: z.boolean(),
  data: z.looseObject({ object: z.looseObject({ id: z.string().optional(), object: z.string() }) }),
});
export type StripeEventPayload = z.infer<typeof VerifiedEvent>;

/** A `Stripe-Signature` header for payload (test mode and tests; Stripe does this in production). */
export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** The header's `t=`; only read to refuse future timestamps, after the SDK has verified the header. */
function headerTimestamp(header: string): number {
  const match = /(?:^|,)\s*t=(\d{1,12})\s*(?:,|$)/.exec(header);
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Verifies and parses a webhook. Throws AppError("webhook_signature_invalid") for a missing,
 * malformed, forged, wrong-secret, stale or future signature, ("invalid_json") for a verified body
 * that is not JSON and ("bad_request") for one that is not a Stripe event. Nothing is parsed before
 * the signature matched.
 */
export function verifyWebhook(
  rawBody: string,
  header: string | null,
  secrets: string[],
  options: { toleranceSeconds?: number; now?: number } = {},
): StripeEventPayload {
  if (secrets.length === 0) throw new AppError("service_unavailable", "No webhook secret is configured.");
  if (!header) throw new AppError("webhook_signature_invalid", "Missing Stripe-Signature header.");
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  let json: unknown;
  let failure: unknown;
  for (const secret of secrets) {
    try {
      // receivedAt is in milliseconds.
      json = Stripe.webhooks.constructEvent(rawBody, header, secret, tolerance, undefined, now * 1000);
      failure = undefined;
      break;
    } catch (error) {
      failure = error;
      // The signature matched this secret but the body is no event: no other secret changes that.
      if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) break;
    }
  }
  if (failure instanceof Stripe.errors.StripeSignatureVerificationError) {
    throw new AppError("webhook_signature_invalid");
  }
  if (failure instanceof SyntaxError)
    throw new AppError("invalid_json", "The verified body is not valid JSON.");
  if (failure !== undefined) throw new AppError("bad_request", "The verified body is not a Stripe event.");
  if (headerTimestamp(header) - now > tolerance) {
    throw new AppError("webhook_signature_invalid", "The signature timestamp is in the future.");
  }
  const event = VerifiedEvent.safeParse(json);
  if (!event.success) throw new AppError("bad_request", "The verified body is not a Stripe event.");
  return event.data;
}
