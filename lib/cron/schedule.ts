// The cron jobs and when they run. One table drives three things: the run key of each period
// (so a period runs once), the in-process scheduler's "is it due yet", and vercel.json's crons
// (a test keeps vercel.json equal to vercelCrons()). Pure.
import { previousUtcDay, previousUtcMonth } from "@/lib/periods";

export const CRON_JOB_NAMES = [
  "reconciliation",
  "hold-sweep",
  "grant-expiry",
  "webhook-retry",
  "email-outbox",
  "subscription-expiry",
  "payment-recovery",
  "monthly-close",
  "data-cleanup",
  "price-sync",
  "webhook-deliveries",
  "retention",
  "alerts",
  "auto-topup",
] as const;
export type CronJobName = (typeof CRON_JOB_NAMES)[number];

type Cadence =
  | { every: "minute" }
  | { every: "hour"; minute: number }
  | { every: "day"; hour: number; minute: number }
  | { every: "month"; day: number; hour: number; minute: number };

export type CronJobSpec = Cadence & {
  /** A running claim older than this is presumed crashed and the period may be claimed again. */
  leaseSeconds: number;
  /** Attempts per period: a failed run is retried by later triggers until this many ran. */
  maxAttempts: number;
  /** Wait after a failed attempt before the next trigger may retry it. */
  retryAfterSeconds: number;
};

const minutely = { every: "minute", leaseSeconds: 5 * 60, maxAttempts: 1, retryAfterSeconds: 0 } as const;

export const CRON_JOBS: Record<CronJobName, CronJobSpec> = {
  // Day and month jobs work on the previous, complete period; their key names that period.
  reconciliation: {
    every: "day",
    hour: 0,
    minute: 15,
    leaseSeconds: 30 * 60,
    maxAttempts: 3,
    retryAfterSeconds: 10 * 60,
  },
  "hold-sweep": minutely,
  "grant-expiry": {
    every: "hour",
    minute: 5,
    leaseSeconds: 15 * 60,
    maxAttempts: 3,
    retryAfterSeconds: 5 * 60,
  },
  "webhook-retry": minutely,
  "email-outbox": minutely,
  // Outgoing webhooks (docs/webhooks.md): due deliveries, every minute.
  "webhook-deliveries": minutely,
  // Auto top-up charges queued by settlements (lib/billing/auto-topup-run.ts), every minute.
  "auto-topup": minutely,
  "subscription-expiry": {
    every: "hour",
    minute: 10,
    leaseSeconds: 15 * 60,
    maxAttempts: 3,
    retryAfterSeconds: 5 * 60,
  },
  "payment-recovery": {
    every: "hour",
    minute: 20,
    leaseSeconds: 15 * 60,
    maxAttempts: 3,
    retryAfterSeconds: 5 * 60,
  },
  "data-cleanup": {
    every: "day",
    hour: 3,
    minute: 40,
    leaseSeconds: 15 * 60,
    maxAttempts: 3,
    retryAfterSeconds: 10 * 60,
  },
  // Provider prices from the configured list (docs/pricing.md); the day's key makes it once a day.
  "price-sync": {
    every: "day",
    hour: 1,
    minute: 0,
    leaseSeconds: 15 * 60,
    maxAttempts: 3,
    retryAfterSeconds: 10 * 60,
  },
  retention: {
    every: "day",
    hour: 4,
    minute: 10,
    leaseSeconds: 30 * 60,
    maxAttempts: 3,
    retryAfterSeconds: 10 * 60,
  },
  // Cost anomalies and custom alert rules (lib/alerts) of the previous day, after the reconciliation.
  alerts: {
    every: "day",
    hour: 0,
    minute: 45,
    leaseSeconds: 15 * 60,
    maxAttempts: 3,
    retryAfterSeconds: 10 * 60,
  },
  "monthly-close": {
    every: "month",
    day: 1,
    hour: 0,
    minute: 30,
    leaseSeconds: 60 * 60,
    maxAttempts: 5,
    retryAfterSeconds: 15 * 60,
  },
};

export function isCronJobName(value: unknown): value is CronJobName {
  return typeof value === "string" && (CRON_JOB_NAMES as readonly string[]).includes(value);
}

export type Period = {
  /** Unique per job and period: "hold-sweep:2026-11-22T11:37", "reconciliation:2026-11-21", "monthly-close:2026-10". */
  runKey: string;
  /** What the run works on: the minute or hour of now, the previous day, the previous month. */
  target: string;
};

/** The period a trigger at `now` belongs to. */
export function periodOf(job: CronJobName, now: Date): Period {
  const iso = now.toISOString();
  const spec = CRON_JOBS[job];
  let target: string;
  switch (spec.every) {
    case "minute":
      target = iso.slice(0, 16);
      break;
    case "hour":
      target = iso.slice(0, 13);
      break;
    case "day":
      target = previousUtcDay(now);
      break;
    case "month":
      target = previousUtcMonth(now);
      break;
  }
  return { runKey: `${job}:${target}`, target };
}

/** Whether the current period's scheduled time has come (the in-process scheduler's test; catches up after downtime). */
export function isDue(job: CronJobName, now: Date): boolean {
  const spec = CRON_JOBS[job];
  const minuteOfHour = now.getUTCMinutes();
  const minuteOfDay = now.getUTCHours() * 60 + minuteOfHour;
  switch (spec.every) {
    case "minute":
      return true;
    case "hour":
      return minuteOfHour >= spec.minute;
    case "day":
      return minuteOfDay >= spec.hour * 60 + spec.minute;
    case "month":
      return (
        now.getUTCDate() > spec.day ||
        (now.getUTCDate() === spec.day && minuteOfDay >= spec.hour * 60 + spec.minute)
      );
  }
}

/** The cron expression of a job (UTC), as vercel.json lists it. */
export function cronExpression(job: CronJobName): string {
  const spec = CRON_JOBS[job];
  switch (spec.every) {
    case "minute":
      return "* * * * *";
    case "hour":
      return `${spec.minute} * * * *`;
    case "day":
      return `${spec.minute} ${spec.hour} * * *`;
    case "month":
      return `${spec.minute} ${spec.hour} ${spec.day} * *`;
  }
}

export function cronPath(job: CronJobName): string {
  return `/api/cron/${job}`;
}

/** The `crons` array of vercel.json. */
export function vercelCrons(): { path: string; schedule: string }[] {
  return CRON_JOB_NAMES.map((job) => ({ path: cronPath(job), schedule: cronExpression(job) }));
}
