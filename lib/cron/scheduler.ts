// The in-process scheduler of the embedded default (and of CRON_IN_PROCESS=1): every minute it
// runs each registered job whose period is due, calling the same runCronJob the HTTP routes call
// (so a period still runs once, even alongside Vercel cron or another instance). One scheduler
// per process (kept on globalThis, so hot reload cannot start a second); timers are unref'd so
// they never keep a process alive; a job still running from the last tick is not started again.
import { jobHandler } from "@/lib/cron/jobs";
import { runCronJob } from "@/lib/cron/run-job";
import type { CronJobName } from "@/lib/cron/schedule";
import { CRON_JOB_NAMES, isDue } from "@/lib/cron/schedule";
import type { Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

export type Scheduler = { stop(): void; tick(): Promise<void> };

type State = { scheduler?: Scheduler };
const globalForScheduler = globalThis as typeof globalThis & { __ledgerchatScheduler?: State };

/** The embedded default always schedules in process; with a real database only when asked. */
export function shouldRunInProcess(e: Pick<Env, "DATABASE_URL" | "CRON_IN_PROCESS">): boolean {
  return !e.DATABASE_URL || e.CRON_IN_PROCESS;
}

export function startInProcessScheduler(options: {
  getDb: () => Promise<PrismaClient>;
  clock?: () => Date;
  intervalMs?: number;
}): Scheduler {
  globalForScheduler.__ledgerchatScheduler ??= {};
  const state = globalForScheduler.__ledgerchatScheduler;
  if (state.scheduler) return state.scheduler;
  const clock = options.clock ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 60_000;
  const inFlight = new Set<CronJobName>();
  let stopped = false;
  let interval: ReturnType<typeof setInterval> | undefined;

  const runOne = async (job: CronJobName, now: Date) => {
    inFlight.add(job);
    try {
      await runCronJob(await options.getDb(), job, { now });
    } catch (error) {
      logger.error({ err: error, job }, "in-process cron trigger failed");
    } finally {
      inFlight.delete(job);
    }
  };

  const tick = async () => {
    if (stopped) return;
    const now = clock();
    const due = CRON_JOB_NAMES.filter((job) => jobHandler(job) && !inFlight.has(job) && isDue(job, now));
    await Promise.all(due.map((job) => runOne(job, now)));
  };

  const fire = () => {
    tick().catch((error: unknown) => logger.error({ err: error }, "in-process cron tick failed"));
  };
  // First tick shortly after start, then on each minute boundary (+2 s so the minute has turned).
  let align: ReturnType<typeof setTimeout> | undefined;
  const first = setTimeout(() => {
    fire();
    const delay = intervalMs - (clock().getTime() % intervalMs) + 2_000;
    align = setTimeout(() => {
      if (stopped) return;
      fire();
      interval = setInterval(fire, intervalMs);
      interval.unref?.();
    }, delay);
    align.unref?.();
  }, 5_000);
  first.unref?.();

  const scheduler: Scheduler = {
    tick,
    stop() {
      stopped = true;
      clearTimeout(first);
      if (align) clearTimeout(align);
      if (interval) clearInterval(interval);
      if (state.scheduler === scheduler) state.scheduler = undefined;
    },
  };
  state.scheduler = scheduler;
  logger.info({ jobs: CRON_JOB_NAMES.filter((j) => jobHandler(j)) }, "in-process cron scheduler started");
  return scheduler;
}
