// Endpoint secrets and signatures, per Standard Webhooks 1.0: a secret is "whsec_" + base64 of
// 32 random bytes; the signature header lists "v1,<base64 HMAC-SHA256>" for every valid secret
// (the current one and, for a while after a rotation, the previous one), space-separated.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export type SignedHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/** Headers for one send of `body`; `secrets` in order of preference, at least one. */
export function signWebhook(
  secrets: readonly string[],
  input: { msgId: string; timestamp: Date; body: string },
): SignedHeaders {
  const signatures = secrets.map((secret) =>
    new Webhook(secret).sign(input.msgId, input.timestamp, input.body),
  );
  return {
    "webhook-id": input.msgId,
    "webhook-timestamp": String(Math.floor(input.timestamp.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}

/** The secrets that sign now: the current one, plus the previous one until its grace period ends. */
export function activeSecrets(
  endpoint: { secret: string; previousSecret: string | null; previousSecretUntil: Date | null },
  now: Date,
): string[] {
  const out = [endpoint.secret];
  if (endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now)
    out.push(endpoint.previousSecret);
  return out;
}
