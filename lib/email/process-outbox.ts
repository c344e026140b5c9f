// The outbox worker. Claims due rows with one UPDATE over a FOR UPDATE SKIP LOCKED subquery, so
// concurrent workers never claim the same row; each claim bumps `attempts`, which then fences
// the final write (a worker whose lease ran out cannot mark a row another worker now owns).
// Delivery is at-least-once only across a crash between send and mark; Resend then drops the
// duplicate through the Idempotency-Key (the row id), SMTP cannot. Each claim walks the provider
// chain (Resend, then SMTP) and records every provider call in EmailAttempt (deliver-email.ts).
import type { DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { withSpan } from "@/lib/tracing";
import { mailBrand } from "./brand";
import { type ClaimedRow, deliverEmail } from "./deliver-email";
import { optedOutPairs } from "./preferences";
import { getEmailProviders } from "./providers/select";
import type { EmailProvider } from "./providers/types";

export type ProcessOutboxOptions = {
  now?: Date;
  limit?: number;
  /** One provider or a fallback chain tried in order; default: the environment's chain. */
  provider?: EmailProvider | EmailProvider[];
  maxAttempts?: number;
  from?: string;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
  /** Only these rows (an admin's "Retry now"); default: every due row. */
  ids?: string[];
};

export type ProcessOutboxResult = { sent: number; failed: number; dead: number; skipped: number };

// A claim is a lease: a worker that dies mid-batch leaves rows in `sending`, and they become
// claimable again once it expires. It must outlast a whole batch of slow sends: 10 rows × 2
// providers × the 30 s send timeout is 10 minutes.
export const CLAIM_LEASE_MS = 15 * 60_000;
export const SEND_TIMEOUT_MS = 30_000;
const DEFAULT_LIMIT = 10;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 6 * 60 * 60_000;

/**
 * Delay before retry number `attempt` (1 = after the first failure): exponential, capped, with
 * "equal jitter" — half fixed, half random — so the delay still grows but workers spread out.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** One pass over the outbox (a span "email.outbox" with one "email.send" per message while tracing). */
export function processOutbox(
  db: DbClient,
  options: ProcessOutboxOptions = {},
): Promise<ProcessOutboxResult> {
  return withSpan("email.outbox", undefined, async (span) => {
    const result = await processBatch(db, options);
    span.setAttributes({
      "ledgerchat.sent": result.sent,
      "ledgerchat.failed": result.failed,
      "ledgerchat.dead": result.dead,
    });
    return result;
  });
}

async function processBatch(db: DbClient, options: ProcessOutboxOptions): Promise<ProcessOutboxResult> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? DEFAULT_LIMIT;
  const providers = options.provider ? [options.provider].flat() : getEmailProviders();
  const maxAttempts = options.maxAttempts ?? env().EMAIL_MAX_ATTEMPTS;
  // The operator's identity at send time: the From name and the mail's header and footer.
  const { brand, from: brandedFrom } = await mailBrand(db);
  const from = options.from ?? brandedFrom;
  const random = options.random ?? Math.random;
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
  const only = options.ids ? Prisma.sql`AND id = ANY(${options.ids}::uuid[])` : Prisma.empty;

  const claimed = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "EmailOutbox" AS o
    SET status = 'sending', attempts = o.attempts + 1, "lockedUntil" = ${leaseUntil}, "updatedAt" = ${now}
    WHERE o.id IN (
      SELECT id FROM "EmailOutbox"
      WHERE ((status IN ('pending', 'failed') AND "nextAttemptAt" <= ${now})
         OR (status = 'sending' AND "lockedUntil" <= ${now}))
      ${only}
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING o.id, o."to", o.template, o.category, o.data, o."userId", o.attempts`;

  const result: ProcessOutboxResult = { sent: 0, failed: 0, dead: 0, skipped: 0 };
  if (claimed.length === 0) return result;
  if (providers.every((p) => p.name === "dev") && env().NODE_ENV === "production") {
    logger.warn(
      { count: claimed.length },
      "no email provider configured: mail is kept in the outbox, not delivered",
    );
  }
  // Preferences are read at send time: an unsubscribe applies to mail already queued.
  const optedOut = await optedOutPairs(db, claimed);
  for (const row of claimed) {
    const outcome = await withSpan(
      "email.send",
      { "ledgerchat.email.template": row.template, "ledgerchat.email.attempt": row.attempts },
      () =>
        deliverEmail(db, row, {
          providers,
          from,
          brand,
          maxAttempts,
          now,
          random,
          optedOut: optedOut.has(`${row.userId}:${row.category}`),
          sendTimeoutMs: SEND_TIMEOUT_MS,
          backoffMs,
        }),
    );
    result[outcome] += 1;
  }
  return result;
}
