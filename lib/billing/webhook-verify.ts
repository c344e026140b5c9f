// Stripe webhook signatures, checked on the raw body before anything parses it:
// header `t=<unix>,v1=<hex>[,v1=...]`, HMAC-SHA256 over `${t}.${body}` with a `whsec_` secret,
// compared in constant time against every v1 of the header and every accepted secret (rotation),
// refused when the timestamp is more than `toleranceSeconds` from now.
import { createHmac, timingSafeEqual } from "node:crypto";
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

export function signPayload(payload: string, secret: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
}

/** A `Stripe-Signature` header for payload (test mode and tests; Stripe does this in production). */
export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  return `t=${timestamp},v1=${signPayload(payload, secret, timestamp)}`;
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (!Number.isSafeInteger(timestamp) || signatures.length === 0) return null;
  return { timestamp, signatures };
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Verifies and parses a webhook. Throws AppError("webhook_signature_invalid") for a missing,
 * malformed, forged, wrong-secret or stale signature, and ("bad_request") for a verified body that
 * is not a Stripe event. Nothing is parsed before the signature matches.
 */
export function verifyWebhook(
  rawBody: string,
  header: string | null,
  secrets: string[],
  options: { toleranceSeconds?: number; now?: number } = {},
): StripeEventPayload {
  if (secrets.length === 0) throw new AppError("service_unavailable", "No webhook secret is configured.");
  const parsed = header ? parseHeader(header) : null;
  if (!parsed)
    throw new AppError("webhook_signature_invalid", "Missing or malformed Stripe-Signature header.");
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(now - parsed.timestamp) > tolerance) {
    throw new AppError("webhook_signature_invalid", "The signature timestamp is outside the tolerance.");
  }
  let matched = false;
  // Check every pair without an early exit, so timing says nothing about which one matched.
  for (const secret of secrets) {
    const expected = signPayload(rawBody, secret, parsed.timestamp);
    for (const candidate of parsed.signatures) if (sameHex(expected, candidate)) matched = true;
  }
  if (!matched) throw new AppError("webhook_signature_invalid");
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("invalid_json", "The verified body is not valid JSON.");
  }
  const event = VerifiedEvent.safeParse(json);
  if (!event.success) throw new AppError("bad_request", "The verified body is not a Stripe event.");
  return event.data;
}
