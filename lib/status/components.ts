// Component health for the public /status page: readiness (database, rate limiter) and whether
// the background jobs keep up. Only coarse states and short public wording leave this module.
import { jobHandler } from "@/lib/cron/jobs";
import { CRON_JOB_NAMES, CRON_JOBS } from "@/lib/cron/schedule";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { checkReadiness } from "@/lib/health";

export type ComponentState = "operational" | "degraded" | "down";
export type ComponentHealth = { name: string; state: ComponentState; detail: string };

const PERIOD_MS = { minute: 60_000, hour: 3_600_000 } as const;

/** Jobs that run at least hourly must have succeeded within three periods (once they ever ran). */
export async function backgroundJobsHealth(db: PrismaClient, now = new Date()): Promise<ComponentHealth> {
  const lagging: string[] = [];
  for (const job of CRON_JOB_NAMES) {
    const spec = CRON_JOBS[job];
    if (!jobHandler(job) || (spec.every !== "minute" && spec.every !== "hour")) continue;
    const [latest, lastSuccess] = await Promise.all([
      db.cronRun.findFirst({ where: { job }, orderBy: { startedAt: "desc" }, select: { status: true } }),
      db.cronRun.findFirst({
        where: { job, status: "succeeded" },
        orderBy: { startedAt: "desc" },
        select: { startedAt: true },
      }),
    ]);
    if (!latest) continue;
    const stale = !lastSuccess || now.getTime() - lastSuccess.startedAt.getTime() > 3 * PERIOD_MS[spec.every];
    if (stale || latest.status === "failed") lagging.push(job);
  }
  return lagging.length === 0
    ? {
        name: "Background jobs",
        state: "operational",
        detail: "Holds, expiries and reconciliation on schedule.",
      }
    : { name: "Background jobs", state: "degraded", detail: `Delayed: ${lagging.join(", ")}.` };
}

export async function componentHealth(getDb: () => Promise<PrismaClient>): Promise<ComponentHealth[]> {
  const readiness = await checkReadiness();
  const components: ComponentHealth[] = [
    {
      name: "Chat and API",
      state: readiness.status === "ok" ? "operational" : "down",
      detail: readiness.status === "ok" ? "Serving requests." : "The database is not answering.",
    },
    {
      name: "Rate limiting",
      state: readiness.checks.ratelimit === "degraded" ? "degraded" : "operational",
      detail:
        readiness.checks.ratelimit === "degraded"
          ? "Running on the per-instance fallback limiter."
          : "Limits enforced.",
    },
  ];
  if (readiness.checks.database === "ok") {
    components.push(await backgroundJobsHealth(await getDb()).catch(() => unknownJobs));
  }
  return components;
}

const unknownJobs: ComponentHealth = { name: "Background jobs", state: "degraded", detail: "State unknown." };
