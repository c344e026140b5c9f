// Runs one cron job for the period of `now`: claim (once per period), call the job function,
// record the outcome and stats, count it in the metrics. Both the /api/cron/* routes and the
// in-process scheduler come through here, so they share the exactly-once guarantee.
import type { JobContext, JobHandler } from "@/lib/cron/jobs";
import { jobHandler } from "@/lib/cron/jobs";
import type { CronDb } from "@/lib/cron/runs";
import { claimRun, finishRun } from "@/lib/cron/runs";
import type { CronJobName } from "@/lib/cron/schedule";
import { CRON_JOBS, periodOf } from "@/lib/cron/schedule";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { observeCronRun } from "@/lib/observability/metrics";
import { withSpan } from "@/lib/tracing";

export type CronOutcome =
  | {
      job: CronJobName;
      runKey: string;
      outcome: "succeeded";
      attempt: number;
      stats: Record<string, unknown>;
    }
  | { job: CronJobName; runKey: string; outcome: "failed"; attempt: number; error: string }
  | { job: CronJobName; runKey: string; outcome: "skipped"; reason: string }
  | { job: CronJobName; runKey: string; outcome: "not_configured" };

/** Runs the job in a span "cron.<job>" (while tracing) carrying its run key and outcome. */
export function runCronJob(
  db: PrismaClient,
  job: CronJobName,
  options: { now?: Date; handler?: JobHandler } = {},
): Promise<CronOutcome> {
  return withSpan(`cron.${job}`, undefined, async (span) => {
    const outcome = await runClaimed(db, job, options);
    span.setAttributes({
      "ledgerchat.cron.run_key": outcome.runKey,
      "ledgerchat.cron.outcome": outcome.outcome,
    });
    return outcome;
  });
}

async function runClaimed(
  db: PrismaClient,
  job: CronJobName,
  options: { now?: Date; handler?: JobHandler },
): Promise<CronOutcome> {
  const now = options.now ?? new Date();
  const { runKey, target } = periodOf(job, now);
  const handler = options.handler ?? jobHandler(job);
  if (!handler) {
    logger.warn({ job, runKey }, "cron job has no handler on this deployment");
    return { job, runKey, outcome: "not_configured" };
  }
  const claim = await claimRun(db as CronDb, { job, runKey, now, policy: CRON_JOBS[job] });
  if (!claim.claimed) {
    observeCronRun(job, "skipped");
    return { job, runKey, outcome: "skipped", reason: `already ${claim.status} (attempt ${claim.attempt})` };
  }
  const started = performance.now();
  const context: JobContext = { db, now, runKey, target, attempt: claim.attempt };
  try {
    const stats = (await handler(context)) ?? {};
    const seconds = (performance.now() - started) / 1000;
    await finishRun(db, {
      id: claim.id,
      attempt: claim.attempt,
      status: "succeeded",
      now: new Date(),
      stats,
    });
    observeCronRun(job, "succeeded", seconds);
    logger.info(
      { job, runKey, attempt: claim.attempt, durationMs: Math.round(seconds * 1000), stats: toLog(stats) },
      "cron run",
    );
    return { job, runKey, outcome: "succeeded", attempt: claim.attempt, stats };
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(db, {
      id: claim.id,
      attempt: claim.attempt,
      status: "failed",
      now: after(now, seconds),
      error: message,
    }).catch((finishError: unknown) =>
      logger.error({ err: finishError, job, runKey }, "cron run could not be recorded"),
    );
    observeCronRun(job, "failed", seconds);
    logger.error({ err: error, job, runKey, attempt: claim.attempt }, "cron run failed");
    return { job, runKey, outcome: "failed", attempt: claim.attempt, error: message };
  }
}

// Finish times stay on the trigger's clock (now + elapsed), so the retry delay is measured on one clock.
function after(now: Date, seconds: number): Date {
  return new Date(now.getTime() + Math.round(seconds * 1000));
}

function toLog(stats: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(stats, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}
