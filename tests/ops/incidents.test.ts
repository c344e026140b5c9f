// Incident notes for /status, and the background-jobs health derived from cron runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backgroundJobsHealth } from "@/lib/status/components";
import { listRecentIncidents, postIncident } from "@/lib/status/incidents";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

describe("status", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("posts validated incident notes and lists the newest first", async () => {
    const first = await postIncident(db.prisma, {
      title: "  Elevated chat errors  ",
      body: "Provider X is failing; we are failing over.",
      status: "investigating",
    });
    expect(first.title).toBe("Elevated chat errors");
    await new Promise((r) => setTimeout(r, 5));
    await postIncident(db.prisma, { title: "Resolved", body: "All good.", status: "resolved" });
    const list = await listRecentIncidents(db.prisma, { limit: 5 });
    expect(list.map((i) => i.status)).toEqual(["resolved", "investigating"]);
    await expect(
      postIncident(db.prisma, { title: "x", body: "", status: "investigating" }),
    ).rejects.toThrow();
    await expect(
      postIncident(db.prisma, { title: "Valid", body: "b", status: "on-fire" as "resolved" }),
    ).rejects.toThrow();
  });

  it("reports background jobs degraded when a frequent job stops succeeding", async () => {
    const now = new Date("2026-11-22T12:00:00Z");
    expect((await backgroundJobsHealth(db.prisma, now)).state).toBe("operational");
    await db.prisma.cronRun.create({
      data: {
        job: "hold-sweep",
        runKey: "hold-sweep:2026-11-22T11:59",
        status: "succeeded",
        startedAt: new Date("2026-11-22T11:59:00Z"),
        leaseUntil: now,
      },
    });
    expect((await backgroundJobsHealth(db.prisma, now)).state).toBe("operational");
    const later = new Date("2026-11-22T12:10:00Z");
    expect(await backgroundJobsHealth(db.prisma, later)).toMatchObject({
      state: "degraded",
      detail: "Delayed: hold-sweep.",
    });
  });
});
