// Cron run records: one row per (job, runKey). Claiming a period is one INSERT ... ON CONFLICT DO
// NOTHING, so overlapping triggers (Vercel retrying, two instances, the in-process scheduler and
// a manual call) do one run. Retry rule: a period whose run FAILED may be claimed again by a later
// trigger once retryAfterSeconds have passed, until maxAttempts attempts ran; a RUNNING claim whose
// lease expired (crashed process) may be taken over the same way. A SUCCEEDED run is final.
// Every finish is fenced by (id, attempt), so a presumed-dead runner cannot overwrite its successor.
import { randomUUID } from "node:crypto";
import type { CronJobSpec } from "@/lib/cron/schedule";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type CronDb = PrismaClient | Prisma.TransactionClient;

export type Claim =
  | { claimed: true; id: string; attempt: number }
  | { claimed: false; status: "running" | "succeeded" | "failed"; attempt: number };

type Policy = Pick<CronJobSpec, "leaseSeconds" | "maxAttempts" | "retryAfterSeconds">;

export async function claimRun(
  db: CronDb,
  input: { job: string; runKey: string; now: Date; policy: Policy },
): Promise<Claim> {
  const { job, runKey, now, policy } = input;
  const leaseUntil = new Date(now.getTime() + policy.leaseSeconds * 1000);
  const inserted = await db.$queryRaw<{ id: string; attempt: number }[]>`
    INSERT INTO "CronRun" (id, job, "runKey", status, attempt, "startedAt", "leaseUntil")
    VALUES (${randomUUID()}::uuid, ${job}, ${runKey}, 'running', 1, ${now}, ${leaseUntil})
    ON CONFLICT (job, "runKey") DO NOTHING
    RETURNING id::text AS id, attempt`;
  if (inserted[0]) return { claimed: true, ...inserted[0] };
  // The row exists: take it over only if it failed (and waited) or its runner's lease ran out.
  // The UPDATE re-checks its WHERE on the newest row version, so two retriers cannot both win.
  const retryBefore = new Date(now.getTime() - policy.retryAfterSeconds * 1000);
  const retried = await db.$queryRaw<{ id: string; attempt: number }[]>`
    UPDATE "CronRun" SET status = 'running', attempt = attempt + 1, "startedAt" = ${now},
           "finishedAt" = NULL, "leaseUntil" = ${leaseUntil}, stats = NULL, error = NULL
    WHERE job = ${job} AND "runKey" = ${runKey} AND attempt < ${policy.maxAttempts}
      AND ((status = 'failed' AND "finishedAt" <= ${retryBefore})
        OR (status = 'running' AND "leaseUntil" <= ${now}))
    RETURNING id::text AS id, attempt`;
  if (retried[0]) return { claimed: true, ...retried[0] };
  const rows = await db.$queryRaw<{ status: "running" | "succeeded" | "failed"; attempt: number }[]>`
    SELECT status::text AS status, attempt FROM "CronRun" WHERE job = ${job} AND "runKey" = ${runKey}`;
  const row = rows[0];
  return { claimed: false, status: row?.status ?? "running", attempt: row?.attempt ?? 0 };
}

function statsJson(stats: Record<string, unknown> | undefined): string | null {
  if (!stats) return null;
  return JSON.stringify(stats, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** Records the end of a claimed attempt; false when the claim was taken over meanwhile. */
export async function finishRun(
  db: CronDb,
  input: {
    id: string;
    attempt: number;
    status: "succeeded" | "failed";
    now: Date;
    stats?: Record<string, unknown>;
    error?: string;
  },
): Promise<boolean> {
  const updated = await db.$executeRaw`
    UPDATE "CronRun" SET status = ${input.status}::"CronRunStatus", "finishedAt" = ${input.now},
           stats = ${statsJson(input.stats)}::jsonb, error = ${input.error?.slice(0, 2000) ?? null}
    WHERE id = ${input.id}::uuid AND attempt = ${input.attempt} AND status = 'running'`;
  return updated === 1;
}

export type CronRunRow = {
  job: string;
  runKey: string;
  status: string;
  attempt: number;
  startedAt: Date;
  finishedAt: Date | null;
  stats: unknown;
  error: string | null;
};

/** The latest runs (for the admin console and tests), newest first. */
export async function listCronRuns(
  db: CronDb,
  options: { job?: string; limit?: number } = {},
): Promise<CronRunRow[]> {
  return db.cronRun.findMany({
    where: options.job ? { job: options.job } : {},
    orderBy: { startedAt: "desc" },
    take: Math.min(options.limit ?? 50, 500),
    select: {
      job: true,
      runKey: true,
      status: true,
      attempt: true,
      startedAt: true,
      finishedAt: true,
      stats: true,
      error: true,
    },
  });
}
