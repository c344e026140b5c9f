// Cron runs: one run per (job, period) under concurrent triggers, the retry rule for failed runs,
// takeover of a crashed run's expired lease, and fencing of the presumed-dead runner.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCronJob } from "@/lib/cron/run-job";
import { claimRun, finishRun } from "@/lib/cron/runs";
import { CRON_JOBS } from "@/lib/cron/schedule";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testBackends())("cron runs on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("two (and ten) concurrent triggers of one period do one run", async () => {
    let calls = 0;
    const handler = async () => {
      calls++;
      await sleep(50);
      return { swept: 3 };
    };
    const now = new Date("2026-11-22T11:37:20Z");
    const pair = await Promise.all([
      runCronJob(db.prisma, "hold-sweep", { now, handler }),
      runCronJob(db.prisma, "hold-sweep", { now, handler }),
    ]);
    expect(pair.map((r) => r.outcome).sort()).toEqual(["skipped", "succeeded"]);
    expect(calls).toBe(1);

    const later = new Date("2026-11-22T11:38:01Z");
    const ten = await Promise.all(
      Array.from({ length: 10 }, () => runCronJob(db.prisma, "hold-sweep", { now: later, handler })),
    );
    expect(ten.filter((r) => r.outcome === "succeeded")).toHaveLength(1);
    expect(calls).toBe(2);

    const rows = await db.prisma.cronRun.findMany({
      where: { job: "hold-sweep" },
      orderBy: { runKey: "asc" },
    });
    expect(rows.map((r) => [r.runKey, r.status, r.attempt])).toEqual([
      ["hold-sweep:2026-11-22T11:37", "succeeded", 1],
      ["hold-sweep:2026-11-22T11:38", "succeeded", 1],
    ]);
    expect(rows[0]?.stats).toEqual({ swept: 3 });
  });

  it("retries a failed run after its delay, up to maxAttempts, and never after success", async () => {
    const spec = CRON_JOBS.reconciliation;
    const t0 = new Date("2026-11-22T00:15:00Z");
    const failing = async () => {
      throw new Error("boom");
    };
    const first = await runCronJob(db.prisma, "reconciliation", { now: t0, handler: failing });
    expect(first).toMatchObject({ outcome: "failed", runKey: "reconciliation:2026-11-21", attempt: 1 });

    const tooSoon = new Date(t0.getTime() + (spec.retryAfterSeconds - 5) * 1000);
    expect((await runCronJob(db.prisma, "reconciliation", { now: tooSoon, handler: failing })).outcome).toBe(
      "skipped",
    );

    const second = await runCronJob(db.prisma, "reconciliation", {
      now: new Date(t0.getTime() + spec.retryAfterSeconds * 1000 + 60_000),
      handler: async () => ({ ok: true }),
    });
    expect(second).toMatchObject({ outcome: "succeeded", attempt: 2 });

    const again = await runCronJob(db.prisma, "reconciliation", {
      now: new Date("2026-11-22T23:00:00Z"),
      handler: async () => ({ ok: true }),
    });
    expect(again).toMatchObject({ outcome: "skipped", runKey: "reconciliation:2026-11-21" });
    const row = await db.prisma.cronRun.findUniqueOrThrow({
      where: { job_runKey: { job: "reconciliation", runKey: "reconciliation:2026-11-21" } },
    });
    expect(row).toMatchObject({ status: "succeeded", attempt: 2, error: null });
  });

  it("stops retrying after maxAttempts failures", async () => {
    const policy = { leaseSeconds: 60, maxAttempts: 2, retryAfterSeconds: 0 };
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    for (let attempt = 1; attempt <= 2; attempt++) {
      const claim = await claimRun(db.prisma, {
        job: "t-max",
        runKey: "t-max:1",
        now: at(attempt * 2),
        policy,
      });
      expect(claim).toMatchObject({ claimed: true, attempt });
      if (!claim.claimed) throw new Error("unreachable");
      await finishRun(db.prisma, {
        id: claim.id,
        attempt,
        status: "failed",
        now: at(attempt * 2 + 1),
        error: "x",
      });
    }
    const third = await claimRun(db.prisma, { job: "t-max", runKey: "t-max:1", now: at(30), policy });
    expect(third).toEqual({ claimed: false, status: "failed", attempt: 2 });
  });

  it("takes over a crashed run after its lease and fences the old runner's finish", async () => {
    const policy = { leaseSeconds: 60, maxAttempts: 3, retryAfterSeconds: 0 };
    const t = new Date("2026-03-01T00:00:00Z");
    const crashed = await claimRun(db.prisma, { job: "t-lease", runKey: "t-lease:1", now: t, policy });
    if (!crashed.claimed) throw new Error("expected a claim");
    const during = await claimRun(db.prisma, {
      job: "t-lease",
      runKey: "t-lease:1",
      now: new Date(t.getTime() + 30_000),
      policy,
    });
    expect(during).toEqual({ claimed: false, status: "running", attempt: 1 });
    const after = await claimRun(db.prisma, {
      job: "t-lease",
      runKey: "t-lease:1",
      now: new Date(t.getTime() + 61_000),
      policy,
    });
    expect(after).toMatchObject({ claimed: true, attempt: 2 });
    const late = await finishRun(db.prisma, {
      id: crashed.id,
      attempt: crashed.attempt,
      status: "succeeded",
      now: new Date(t.getTime() + 62_000),
    });
    expect(late).toBe(false);
    const row = await db.prisma.cronRun.findFirstOrThrow({ where: { runKey: "t-lease:1" } });
    expect(row).toMatchObject({ status: "running", attempt: 2 });
  });
});
