// Delivers one claimed outbox row: skipped when its recipient opted out of its (non-essential)
// category, else rendered with the operator's brand and its unsubscribe footer and sent through
// the provider chain in order — the first provider that accepts it wins. Every provider call is
// one EmailAttempt row (provider, outcome, duration, error excerpt). When all fail, the row is
// retried with backoff, or dead once out of attempts or when every provider refused it for good.
import type { DbClient } from "@/lib/db";
import { logger } from "@/lib/logger";
import { isEssentialCategory } from "./categories";
import { type EmailProvider, EmailSendError } from "./providers/types";
import { type EmailBrand, renderEmail } from "./render";
import type { EmailTemplate } from "./template-name";
import { unsubscribeParts } from "./unsubscribe-token";

export type ClaimedRow = {
  id: string;
  to: string;
  template: string;
  category: string;
  data: unknown;
  userId: string | null;
  attempts: number;
};

export type DeliverContext = {
  providers: EmailProvider[];
  from: string;
  brand: EmailBrand;
  maxAttempts: number;
  now: Date;
  random: () => number;
  optedOut: boolean;
  sendTimeoutMs: number;
  backoffMs: (attempt: number, random: () => number) => number;
};

type Outcome = "sent" | "failed" | "dead" | "skipped";
type Fence = { id: string; status: "sending"; attempts: number };
type ProviderFailure = { provider: string; message: string; permanent: boolean };

const ERROR_EXCERPT = 500;

export async function deliverEmail(db: DbClient, row: ClaimedRow, ctx: DeliverContext): Promise<Outcome> {
  // Only the claim that still holds the row may finish it.
  const fence: Fence = { id: row.id, status: "sending", attempts: row.attempts };
  // A lease that expired after the final attempt: give up rather than exceed maxAttempts.
  if (row.attempts > ctx.maxAttempts) {
    await db.emailOutbox.updateMany({
      where: fence,
      data: { status: "dead", lockedUntil: null, lastError: "lease expired on the final attempt" },
    });
    return "dead";
  }
  if (ctx.optedOut && !isEssentialCategory(row.category)) {
    await db.emailOutbox.updateMany({
      where: fence,
      data: {
        status: "skipped",
        lockedUntil: null,
        lastError: `not sent: the recipient turned off ${row.category} emails`,
      },
    });
    return "skipped";
  }
  const { footer, headers } = unsubscribeParts(row.userId, row.category);
  let rendered: ReturnType<typeof renderEmail>;
  try {
    // Rendering at send time (not enqueue) keeps layout fixes effective for queued mail.
    rendered = renderEmail(row.template as EmailTemplate, row.data, ctx.brand, footer);
  } catch (error) {
    // Data that does not render now will not render on a retry either.
    const message = error instanceof Error ? error.message : String(error);
    return finishFailed(db, row, ctx, fence, [{ provider: "render", message, permanent: true }]);
  }
  const email = {
    to: row.to,
    from: ctx.from,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: { "X-Ledgerchat-Email-Id": row.id, ...headers },
    idempotencyKey: `email-outbox-${row.id}`,
  };
  const failures: ProviderFailure[] = [];
  const attempts: { provider: string; outcome: string; durationMs: number; error: string | null }[] = [];
  try {
    for (const provider of ctx.providers) {
      const started = performance.now();
      try {
        const { messageId } = await withTimeout(provider.send(email), ctx.sendTimeoutMs);
        attempts.push({ provider: provider.name, outcome: "sent", durationMs: since(started), error: null });
        const marked = await db.emailOutbox.updateMany({
          where: fence,
          data: {
            status: "sent",
            sentAt: new Date(),
            provider: provider.name,
            providerMessageId: messageId,
            lockedUntil: null,
            lastError: null,
          },
        });
        if (marked.count === 0)
          logger.warn({ emailId: row.id }, "email sent but its claim had been taken over");
        if (failures.length > 0)
          logger.warn(
            { emailId: row.id, provider: provider.name, failures },
            "email sent by a fallback provider",
          );
        return "sent";
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
        const permanent = error instanceof EmailSendError && error.permanent;
        failures.push({ provider: provider.name, message, permanent });
        attempts.push({
          provider: provider.name,
          outcome: permanent ? "rejected" : "failed",
          durationMs: since(started),
          error: message.slice(0, ERROR_EXCERPT),
        });
      }
    }
    return await finishFailed(db, row, ctx, fence, failures);
  } finally {
    // The log of this claim, whatever happened to the row's own update.
    await db.emailAttempt
      .createMany({ data: attempts.map((a) => ({ ...a, emailId: row.id, attempt: row.attempts })) })
      .catch((error: unknown) => logger.error({ err: error, emailId: row.id }, "email attempt log failed"));
  }
}

/**
 * Every provider failed. Dead when each refused for good (a 5xx from SMTP, a 4xx from Resend, data
 * that no longer renders) or attempts are used up; else retried after the backoff.
 */
async function finishFailed(
  db: DbClient,
  row: ClaimedRow,
  ctx: DeliverContext,
  fence: Fence,
  failures: ProviderFailure[],
): Promise<"failed" | "dead"> {
  const message = failures
    .map((f) => f.message)
    .join(" | ")
    .slice(0, 1_000);
  const dead = failures.every((f) => f.permanent) || row.attempts >= ctx.maxAttempts;
  const provider = failures.filter((f) => f.provider !== "render").at(-1)?.provider ?? null;
  await db.emailOutbox.updateMany({
    where: fence,
    data: dead
      ? { status: "dead", lockedUntil: null, lastError: message, provider }
      : {
          status: "failed",
          lockedUntil: null,
          lastError: message,
          provider,
          nextAttemptAt: new Date(ctx.now.getTime() + ctx.backoffMs(row.attempts, ctx.random)),
        },
  });
  logger.warn(
    { emailId: row.id, template: row.template, attempts: row.attempts, dead, err: message },
    dead ? "email dead" : "email send failed, will retry",
  );
  return dead ? "dead" : "failed";
}

function since(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
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
