// The cron-callable retry worker: processes stored events that are due (failed with their backoff
// elapsed, received but never processed, or stuck in processing past their claim).
import { processEvent } from "@/lib/billing/event-store";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type RetryRun = { due: number; applied: number; ignored: number; failed: number; dead: number };

export async function runWebhookRetries(
  db: PrismaClient,
  options: { now?: Date; limit?: number; random?: () => number } = {},
): Promise<RetryRun> {
  const now = options.now ?? new Date();
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "StripeEvent"
    WHERE (status IN ('received', 'failed') AND "nextAttemptAt" <= ${now})
       OR (status = 'processing' AND "lockedUntil" < ${now})
    ORDER BY "stripeCreated", id LIMIT ${options.limit ?? 100}`;
  const run: RetryRun = { due: due.length, applied: 0, ignored: 0, failed: 0, dead: 0 };
  for (const { id } of due) {
    const outcome = await processEvent(db, id, { now, random: options.random });
    if (outcome.status === "applied") run.applied++;
    else if (outcome.status === "ignored") run.ignored++;
    else if (outcome.status === "failed") run.failed++;
    else if (outcome.status === "dead") run.dead++;
  }
  return run;
}
