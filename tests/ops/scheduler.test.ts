// The in-process scheduler: one per process, runs the due registered jobs through the same run
// records as the HTTP routes (so a second tick in the same minute does nothing), and stops.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessScheduler } from "@/lib/cron/scheduler";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

describe("in-process scheduler", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("starts once per process and runs each due job once per period", async () => {
    let now = new Date("2026-11-01T00:40:10Z");
    const options = { getDb: async () => db.prisma, clock: () => now };
    const scheduler = startInProcessScheduler(options);
    try {
      expect(startInProcessScheduler(options)).toBe(scheduler);
      await scheduler.tick();
      await scheduler.tick();
      const keys = (await db.prisma.cronRun.findMany({ select: { runKey: true, status: true } }))
        .map((r) => `${r.runKey} ${r.status}`)
        .sort();
      expect(keys).toEqual([
        "auto-topup:2026-11-01T00:40 succeeded",
        "email-outbox:2026-11-01T00:40 succeeded",
        "grant-expiry:2026-11-01T00 succeeded",
        "hold-sweep:2026-11-01T00:40 succeeded",
        "monthly-close:2026-10 succeeded",
        "payment-recovery:2026-11-01T00 succeeded",
        "reconciliation:2026-10-31 succeeded",
        "subscription-expiry:2026-11-01T00 succeeded",
        "webhook-deliveries:2026-11-01T00:40 succeeded",
        "webhook-retry:2026-11-01T00:40 succeeded",
      ]);
      now = new Date("2026-11-01T00:41:03Z");
      await scheduler.tick();
      // One more run per every-minute job (hold sweep, email outbox, webhook retry, webhook
      // deliveries, auto top-up); nothing else.
      expect(await db.prisma.cronRun.count()).toBe(15);
      expect(await db.prisma.reconciliationRun.count()).toBe(1);
    } finally {
      scheduler.stop();
    }
    const next = startInProcessScheduler(options);
    expect(next).not.toBe(scheduler);
    next.stop();
  });
});
