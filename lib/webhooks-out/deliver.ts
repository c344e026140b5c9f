// The outgoing-webhook worker (cron job "webhook-deliveries"). Claims due deliveries with one
// UPDATE over FOR UPDATE SKIP LOCKED (concurrent workers never share a row); each claim bumps
// `attempts`, which fences the final write. Every attempt is logged. Failures retry with full
// jitter until OUTGOING_WEBHOOK_MAX_ATTEMPTS, then the delivery is dead; an endpoint failing
// without a success for OUTGOING_WEBHOOK_DISABLE_AFTER_DAYS is disabled and its owner told.
import type { DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import type { WebhookFormat } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { withSpan } from "@/lib/tracing";
import { chatBody } from "./chat-format";
import { noteEndpointResult } from "./endpoint-health";
import { allowLoopbackTargets, retryDelayMs } from "./policy";
import { type SafePostOptions, safePost } from "./safe-post";
import { activeSecrets, signWebhook } from "./secrets";

export type DeliverOptions = {
  now?: Date;
  limit?: number;
  maxAttempts?: number;
  disableAfterDays?: number;
  random?: () => number;
  /** Deliver only these rows (a manual retry, a test event), due or not. */
  onlyIds?: string[];
  http?: Partial<SafePostOptions>;
};
export type DeliverResult = { delivered: number; failed: number; dead: number };

export const CLAIM_LEASE_MS = 5 * 60_000;
const EXCERPT_CHARS = 1_000;

type Claimed = {
  id: string;
  endpointId: string;
  payload: unknown;
  attempts: number;
  url: string;
  format: WebhookFormat;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
};

async function claim(db: DbClient, now: Date, limit: number, onlyIds?: string[]): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
  const only = onlyIds ?? null;
  return db.$queryRaw<Claimed[]>`
    WITH picked AS (
      SELECT d.id FROM "WebhookDelivery" d
      JOIN "WebhookEndpoint" e ON e.id = d."endpointId" AND e.enabled
      WHERE (${only}::uuid[] IS NULL AND (
               (d.status IN ('pending', 'failed') AND d."nextAttemptAt" <= ${now})
            OR (d.status = 'sending' AND d."lockedUntil" <= ${now})))
         OR (d.id = ANY(${only}::uuid[]) AND d.status IN ('pending', 'failed'))
      ORDER BY d."nextAttemptAt", d."createdAt"
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED
    ), claimed AS (
      UPDATE "WebhookDelivery" d
      SET status = 'sending', attempts = d.attempts + 1, "lockedUntil" = ${leaseUntil}, "updatedAt" = ${now}
      FROM picked WHERE d.id = picked.id
      RETURNING d.id, d."endpointId", d.payload, d.attempts
    )
    SELECT c.id, c."endpointId", c.payload, c.attempts, e.url, e.format, e.secret, e."previousSecret", e."previousSecretUntil"
    FROM claimed c JOIN "WebhookEndpoint" e ON e.id = c."endpointId"`;
}

/** One pass over the outbox (a span "webhooks_out.outbox", one "webhooks_out.deliver" per delivery). */
export function deliverWebhooks(db: DbClient, options: DeliverOptions = {}): Promise<DeliverResult> {
  return withSpan("webhooks_out.outbox", undefined, async (span) => {
    const result = await deliverBatch(db, options);
    span.setAttributes({
      "ledgerchat.delivered": result.delivered,
      "ledgerchat.failed": result.failed,
      "ledgerchat.dead": result.dead,
    });
    return result;
  });
}

async function deliverBatch(db: DbClient, options: DeliverOptions): Promise<DeliverResult> {
  const now = options.now ?? new Date();
  const e = env();
  const maxAttempts = options.maxAttempts ?? e.OUTGOING_WEBHOOK_MAX_ATTEMPTS;
  const disableAfterDays = options.disableAfterDays ?? e.OUTGOING_WEBHOOK_DISABLE_AFTER_DAYS;
  const http: SafePostOptions = {
    allowLoopback: allowLoopbackTargets(),
    totalTimeoutMs: e.OUTGOING_WEBHOOK_TIMEOUT_MS,
    ...options.http,
  };
  const rows = await claim(db, now, options.limit ?? 20, options.onlyIds);
  const result: DeliverResult = { delivered: 0, failed: 0, dead: 0 };
  const ctx = { now, maxAttempts, disableAfterDays, http, random: options.random };
  for (const row of rows) {
    try {
      const attributes = { "server.address": hostOf(row.url), "ledgerchat.webhook.format": row.format };
      result[await withSpan("webhooks_out.deliver", attributes, () => deliverOne(db, row, ctx))] += 1;
    } catch (error) {
      // E.g. the endpoint was deleted meanwhile. The claim's lease lets a later run look again;
      // the rest of the batch still goes out.
      logger.error({ err: error, deliveryId: row.id }, "outgoing webhook delivery could not be recorded");
      result.failed += 1;
    }
  }
  return result;
}

type OneContext = {
  now: Date;
  maxAttempts: number;
  disableAfterDays: number;
  http: SafePostOptions;
  random?: () => number;
};

async function deliverOne(db: DbClient, row: Claimed, ctx: OneContext): Promise<keyof DeliverResult> {
  const fence = { id: row.id, status: "sending" as const, attempts: row.attempts };
  // A lease that expired after the final attempt (a worker died mid-send): give up, send no more.
  if (row.attempts > ctx.maxAttempts) {
    await db.webhookDelivery.updateMany({
      where: fence,
      data: { status: "dead", lockedUntil: null, lastError: "lease expired on the final attempt" },
    });
    return "dead";
  }
  // Slack and Discord take their own message shape, unsigned (the URL is the secret).
  const body = JSON.stringify(row.format === "standard" ? row.payload : chatBody(row.format, row.payload));
  // Signed with the wall clock: receivers check the timestamp against theirs (5 min tolerance).
  const headers =
    row.format === "standard"
      ? signWebhook(activeSecrets(row, new Date()), { msgId: `msg_${row.id}`, timestamp: new Date(), body })
      : {};
  const sent = await safePost(row.url, body, { ...headers, "user-agent": "Ledgerchat-Webhooks/1" }, ctx.http);
  const logNo = await db.webhookAttempt.count({ where: { deliveryId: row.id } });
  await db.webhookAttempt.create({
    data: {
      deliveryId: row.id,
      attempt: logNo + 1,
      statusCode: sent.status,
      durationMs: sent.durationMs,
      error: sent.ok ? null : sent.error.slice(0, 500),
      responseExcerpt: sent.body.slice(0, EXCERPT_CHARS) || null,
    },
  });
  if (sent.ok) {
    await db.webhookDelivery.updateMany({
      where: fence,
      data: {
        status: "delivered",
        deliveredAt: new Date(),
        lockedUntil: null,
        lastStatusCode: sent.status,
        lastError: null,
      },
    });
    await noteEndpointResult(db, {
      endpointId: row.endpointId,
      ok: true,
      now: ctx.now,
      disableAfterDays: ctx.disableAfterDays,
    });
    return "delivered";
  }
  const dead = row.attempts >= ctx.maxAttempts;
  await db.webhookDelivery.updateMany({
    where: fence,
    data: {
      status: dead ? "dead" : "failed",
      lockedUntil: null,
      lastStatusCode: sent.status,
      lastError: sent.error.slice(0, 500),
      ...(dead
        ? {}
        : { nextAttemptAt: new Date(ctx.now.getTime() + retryDelayMs(row.attempts, ctx.random)) }),
    },
  });
  logger.warn(
    { deliveryId: row.id, endpointId: row.endpointId, attempts: row.attempts, dead, err: sent.error },
    dead ? "outgoing webhook dead" : "outgoing webhook failed, will retry",
  );
  await noteEndpointResult(db, {
    endpointId: row.endpointId,
    ok: false,
    now: ctx.now,
    disableAfterDays: ctx.disableAfterDays,
  });
  return dead ? "dead" : "failed";
}

/** The target's host for a span attribute (never the path or query, which may carry a secret). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "invalid";
  }
}
