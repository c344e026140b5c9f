// The Stripe SDK client of this process (null in test mode, when STRIPE_SECRET_KEY is unset) and
// the webhook secrets. In test mode the local webhook secret is STRIPE_WEBHOOK_SECRET when set,
// else a random one generated once into DATA_DIR — never a constant, and never in a production
// deployment, where test mode itself is refused.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { isProductionDeployment } from "@/lib/app-url";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

let client: Stripe | undefined;
let localSecret: string | undefined;

export function getStripe(): Stripe | null {
  const e = env();
  if (!e.STRIPE_SECRET_KEY) return null;
  if (!client) {
    const base = e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined;
    client = new Stripe(e.STRIPE_SECRET_KEY, {
      maxNetworkRetries: base ? 0 : 2,
      timeout: 15_000,
      telemetry: false,
      appInfo: { name: "Ledgerchat" },
      ...(base
        ? {
            host: base.hostname,
            port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
            protocol: base.protocol === "https:" ? "https" : "http",
          }
        : {}),
    });
  }
  return client;
}

/** The Stripe client, or 503 when this deployment has none (test mode). */
export function requireStripe(): Stripe {
  const stripe = getStripe();
  if (!stripe) throw new AppError("service_unavailable", "Stripe is not configured.");
  return stripe;
}

/** Network and 5xx errors: Stripe is unreachable, so handlers fall back to the event's own data. */
export function isStripeUnavailable(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    (error.statusCode ?? 0) >= 500
  );
}

/** Runs a Stripe read; null when Stripe is not configured or unreachable (other errors throw). */
export async function tryStripe<T>(fn: (stripe: Stripe) => Promise<T>): Promise<T | null> {
  const stripe = getStripe();
  if (!stripe) return null;
  try {
    return await fn(stripe);
  } catch (error) {
    if (isStripeUnavailable(error)) return null;
    throw error;
  }
}

/** Secrets a webhook signature may match: the current one, and the previous during rotation. */
export function webhookSecrets(): string[] {
  const e = env();
  const secrets = [e.STRIPE_WEBHOOK_SECRET ?? (e.STRIPE_SECRET_KEY ? undefined : testModeWebhookSecret())];
  if (e.STRIPE_WEBHOOK_SECRET_PREVIOUS) secrets.push(e.STRIPE_WEBHOOK_SECRET_PREVIOUS);
  return secrets.filter((s): s is string => Boolean(s));
}

/** The secret the built-in test checkout signs its events with. */
export function testModeWebhookSecret(): string {
  const e = env();
  if (e.STRIPE_WEBHOOK_SECRET) return e.STRIPE_WEBHOOK_SECRET;
  if (isProductionDeployment()) {
    throw new AppError("service_unavailable", "Test-mode payments are disabled in production.");
  }
  if (localSecret) return localSecret;
  const file = path.resolve(/*turbopackIgnore: true*/ e.DATA_DIR, "stripe-webhook-secret");
  const read = (): string | undefined => {
    try {
      const value = readFileSync(file, "utf8").trim();
      return value.startsWith("whsec_") && value.length > 30 ? value : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  };
  let secret = read();
  if (!secret) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, `whsec_${randomBytes(32).toString("base64url")}`, { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    secret = read();
    if (!secret) throw new Error(`${file} holds no usable secret; delete it to regenerate`);
  }
  localSecret = secret;
  return secret;
}

/** Tests only: forget the cached client and local secret. */
export function resetStripeForTests(): void {
  client = undefined;
  localSecret = undefined;
}
