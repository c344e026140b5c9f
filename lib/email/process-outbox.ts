// The outbox worker. Claims due rows with one UPDATE over a FOR UPDATE SKIP LOCKED subquery, so
// concurrent workers never claim the same row; each claim bumps `attempts`, which then fences
// the final write (a worker whose lease ran out cannot mark a row another worker now owns).
// Delivery is at-least-once only across a crash between send and mark; Resend then drops the
// duplicate through the Idempotency-Key (the row id), SMTP cannot.
import type { DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { withSpan } from "@/lib/tracing";
import { mailBrand } from "./brand";
import { getEmailProvider } from "./providers/select";
import { type EmailProvider, EmailSendError } from "./providers/types";
import { type EmailBrand, renderEmail } from "./render";
import type { EmailTemplate } from "./template-name";

export type ProcessOutboxOptions = {
  now?: Date;
  limit?: number;
  provider?: EmailProvider;
  maxAttempts?: number;
  from?: string;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
};

export type ProcessOutboxResult = { sent: number; failed: number; dead: number };

// A claim is a lease: a worker that dies mid-batch leaves rows in `sending`, and they become
// claimable again once it expires. It must outlast a whole batch of slow sends.
export const CLAIM_LEASE_MS = 10 * 60_000;
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

type ClaimedRow = { id: string; to: string; template: string; data: unknown; attempts: number };

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
  const provider = options.provider ?? getEmailProvider();
  const maxAttempts = options.maxAttempts ?? env().EMAIL_MAX_ATTEMPTS;
  // The operator's identity at send time: the From name and the mail's header and footer.
  const { brand, from: brandedFrom } = await mailBrand(db);
  const from = options.from ?? brandedFrom;
  const random = options.random ?? Math.random;
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS);

  const claimed = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "EmailOutbox" AS o
    SET status = 'sending', attempts = o.attempts + 1, "lockedUntil" = ${leaseUntil}, "updatedAt" = ${now}
    WHERE o.id IN (
      SELECT id FROM "EmailOutbox"
      WHERE (status IN ('pending', 'failed') AND "nextAttemptAt" <= ${now})
         OR (status = 'sending' AND "lockedUntil" <= ${now})
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING o.id, o."to", o.template, o.data, o.attempts`;

  const result: ProcessOutboxResult = { sent: 0, failed: 0, dead: 0 };
  if (claimed.length > 0 && provider.name === "dev" && env().NODE_ENV === "production") {
    logger.warn(
      { count: claimed.length },
      "no email provider configured: mail is kept in the outbox, not delivered",
    );
  }
  for (const row of claimed) {
    const outcome = await withSpan(
      "email.send",
      { "ledgerchat.email.template": row.template, "ledgerchat.email.attempt": row.attempts },
      () => deliver(db, row, { provider, from, brand, maxAttempts, now, random }),
    );
    result[outcome] += 1;
  }
  return result;
}

type DeliverContext = {
  provider: EmailProvider;
  from: string;
  brand: EmailBrand;
  maxAttempts: number;
  now: Date;
  random: () => number;
};

async function deliver(
  db: DbClient,
  row: ClaimedRow,
  ctx: DeliverContext,
): Promise<keyof ProcessOutboxResult> {
  // Only the claim that still holds the row may finish it.
  const fence = { id: row.id, status: "sending" as const, attempts: row.attempts };
  // A lease that expired after the final attempt: give up rather than exceed maxAttempts.
  if (row.attempts > ctx.maxAttempts) {
    await db.emailOutbox.updateMany({
      where: fence,
      data: { status: "dead", lockedUntil: null, lastError: "lease expired on the final attempt" },
    });
    return "dead";
  }
  let rendered: ReturnType<typeof renderEmail>;
  try {
    // Rendering at send time (not enqueue) keeps layout fixes effective for queued mail.
    rendered = renderEmail(row.template as EmailTemplate, row.data, ctx.brand);
  } catch (error) {
    // Data that does not render now will not render on a retry either.
    return fail(db, row, ctx, fence, error, true);
  }
  try {
    const { messageId } = await withTimeout(
      ctx.provider.send({
        to: row.to,
        from: ctx.from,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        headers: { "X-Ledgerchat-Email-Id": row.id },
        idempotencyKey: `email-outbox-${row.id}`,
      }),
      SEND_TIMEOUT_MS,
    );
    const marked = await db.emailOutbox.updateMany({
      where: fence,
      data: {
        status: "sent",
        sentAt: new Date(),
        provider: ctx.provider.name,
        providerMessageId: messageId,
        lockedUntil: null,
        lastError: null,
      },
    });
    if (marked.count === 0) logger.warn({ emailId: row.id }, "email sent but its claim had been taken over");
    return "sent";
  } catch (error) {
    return fail(db, row, ctx, fence, error, error instanceof EmailSendError && error.permanent);
  }
}

async function fail(
  db: DbClient,
  row: ClaimedRow,
  ctx: DeliverContext,
  fence: { id: string; status: "sending"; attempts: number },
  error: unknown,
  permanent: boolean,
): Promise<"failed" | "dead"> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
  const dead = permanent || row.attempts >= ctx.maxAttempts;
  await db.emailOutbox.updateMany({
    where: fence,
    data: dead
      ? { status: "dead", lockedUntil: null, lastError: message, provider: ctx.provider.name }
      : {
          status: "failed",
          lockedUntil: null,
          lastError: message,
          provider: ctx.provider.name,
          nextAttemptAt: new Date(ctx.now.getTime() + backoffMs(row.attempts, ctx.random)),
        },
  });
  logger.warn(
    { emailId: row.id, template: row.template, attempts: row.attempts, dead, err: message },
    dead ? "email dead" : "email send failed, will retry",
  );
  return dead ? "dead" : "failed";
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`send timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
