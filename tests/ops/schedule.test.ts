// The schedule table: run keys per period, "due" for the in-process scheduler, vercel.json in sync.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CRON_JOB_NAMES, cronExpression, isDue, periodOf, vercelCrons } from "@/lib/cron/schedule";
import { shouldRunInProcess } from "@/lib/cron/scheduler";
import { dayRange, monthRange, previousUtcDay, previousUtcMonth } from "@/lib/periods";

describe("cron schedule", () => {
  it("names each period in its run key", () => {
    const now = new Date("2026-11-22T11:37:59.999Z");
    expect(periodOf("hold-sweep", now).runKey).toBe("hold-sweep:2026-11-22T11:37");
    expect(periodOf("grant-expiry", now).runKey).toBe("grant-expiry:2026-11-22T11");
    expect(periodOf("reconciliation", now)).toEqual({
      runKey: "reconciliation:2026-11-21",
      target: "2026-11-21",
    });
    expect(periodOf("monthly-close", now).runKey).toBe("monthly-close:2026-10");
    expect(periodOf("monthly-close", new Date("2026-01-01T00:30:00Z")).runKey).toBe("monthly-close:2025-12");
    expect(periodOf("reconciliation", new Date("2026-03-01T00:15:00Z")).target).toBe("2026-02-28");
  });

  it("is due from the scheduled time of the period on (so a restart catches up)", () => {
    expect(isDue("reconciliation", new Date("2026-11-22T00:14:59Z"))).toBe(false);
    expect(isDue("reconciliation", new Date("2026-11-22T00:15:00Z"))).toBe(true);
    expect(isDue("reconciliation", new Date("2026-11-22T18:00:00Z"))).toBe(true);
    expect(isDue("grant-expiry", new Date("2026-11-22T11:04:00Z"))).toBe(false);
    expect(isDue("grant-expiry", new Date("2026-11-22T11:05:00Z"))).toBe(true);
    expect(isDue("monthly-close", new Date("2026-11-01T00:29:00Z"))).toBe(false);
    expect(isDue("monthly-close", new Date("2026-11-01T00:30:00Z"))).toBe(true);
    expect(isDue("monthly-close", new Date("2026-11-17T00:00:00Z"))).toBe(true);
    expect(isDue("hold-sweep", new Date("2026-11-22T11:04:00Z"))).toBe(true);
  });

  it("keeps vercel.json's crons equal to the table", () => {
    const file = JSON.parse(readFileSync("vercel.json", "utf8")) as { crons: unknown };
    expect(file.crons).toEqual(vercelCrons());
    expect(vercelCrons()).toHaveLength(CRON_JOB_NAMES.length);
    expect(cronExpression("monthly-close")).toBe("30 0 1 * *");
  });

  it("schedules in process on the embedded default or when asked", () => {
    expect(shouldRunInProcess({ DATABASE_URL: undefined, CRON_IN_PROCESS: false })).toBe(true);
    expect(shouldRunInProcess({ DATABASE_URL: "postgres://x/y", CRON_IN_PROCESS: false })).toBe(false);
    expect(shouldRunInProcess({ DATABASE_URL: "postgres://x/y", CRON_IN_PROCESS: true })).toBe(true);
  });

  it("computes UTC periods and refuses malformed ones", () => {
    expect(previousUtcDay(new Date("2026-01-01T00:00:00Z"))).toBe("2025-12-31");
    expect(previousUtcMonth(new Date("2026-03-31T23:59:59Z"))).toBe("2026-02");
    expect(dayRange("2026-02-28").to.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(monthRange("2026-12").to.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(() => dayRange("2026-02-30")).toThrow(RangeError);
    expect(() => monthRange("2026-13")).toThrow(RangeError);
    expect(() => dayRange("2026-2-1")).toThrow(RangeError);
  });
});
