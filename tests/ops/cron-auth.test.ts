// /api/cron/[job]: Bearer CRON_SECRET with constant-time compare, refused when unset; a right
// token runs the job once for its period.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cronRouteHandler } from "@/app/api/cron/[job]/handler";
import { jobHandler } from "@/lib/cron/jobs";
import { CRON_JOB_NAMES } from "@/lib/cron/schedule";
import { resetEnvForTests } from "@/lib/env";
import { installAppDb } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const SECRET = "cron-secret-0123456789abcdef";
const NOW = new Date("2026-11-22T11:37:30Z");

describe("cron route authentication", () => {
  let db: TestDatabase;
  let handler: ReturnType<typeof cronRouteHandler>;
  beforeAll(async () => {
    db = await createTestDatabase();
    installAppDb(db.prisma);
    handler = cronRouteHandler(() => NOW);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  afterEach(() => {
    delete process.env.CRON_SECRET;
    resetEnvForTests();
  });

  function call(job: string, authorization?: string) {
    const headers = authorization ? { authorization } : undefined;
    return handler(new Request(`http://localhost/api/cron/${job}`, { headers }), {
      params: Promise.resolve({ job }),
    });
  }

  function setSecret(value: string | undefined) {
    if (value === undefined) delete process.env.CRON_SECRET;
    else process.env.CRON_SECRET = value;
    resetEnvForTests();
  }

  it("refuses every call while CRON_SECRET is unset, even one with a token", async () => {
    setSecret(undefined);
    expect((await call("hold-sweep")).status).toBe(401);
    expect((await call("hold-sweep", `Bearer ${SECRET}`)).status).toBe(401);
    expect((await call("hold-sweep", "Bearer ")).status).toBe(401);
  });

  it("refuses no token, a wrong token, a prefix of the token and a non-Bearer scheme", async () => {
    setSecret(SECRET);
    expect((await call("hold-sweep")).status).toBe(401);
    expect((await call("hold-sweep", "Bearer wrong-secret-0123456789ab")).status).toBe(401);
    expect((await call("hold-sweep", `Bearer ${SECRET.slice(0, -1)}`)).status).toBe(401);
    expect((await call("hold-sweep", `Basic ${SECRET}`)).status).toBe(401);
    expect(await db.prisma.cronRun.count()).toBe(0);
  });

  it("runs the job with the right token, once per period", async () => {
    setSecret(SECRET);
    const first = await call("hold-sweep", `Bearer ${SECRET}`);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      job: "hold-sweep",
      runKey: "hold-sweep:2026-11-22T11:37",
      outcome: "succeeded",
      stats: { released: 0 },
    });
    const second = await call("hold-sweep", `Bearer ${SECRET}`);
    expect(await second.json()).toMatchObject({ outcome: "skipped" });
    expect(await db.prisma.cronRun.count({ where: { job: "hold-sweep" } })).toBe(1);
  });

  it("answers 404 for an unknown job, and every scheduled job has a handler", async () => {
    setSecret(SECRET);
    expect((await call("drop-tables", `Bearer ${SECRET}`)).status).toBe(404);
    expect(CRON_JOB_NAMES.filter((job) => !jobHandler(job))).toEqual([]);
    const retry = await call("webhook-retry", `Bearer ${SECRET}`);
    expect(retry.status).toBe(200);
    expect(await retry.json()).not.toMatchObject({ outcome: "not_configured" });
  });
});
