// The operations variables of lib/env.ts.
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("operations env", () => {
  it("defaults the margin threshold to 40%, also for an empty value, and bounds it", () => {
    expect(parseEnv({}).MARGIN_ALERT_THRESHOLD).toBe(40);
    expect(parseEnv({ MARGIN_ALERT_THRESHOLD: "" }).MARGIN_ALERT_THRESHOLD).toBe(40);
    expect(parseEnv({ MARGIN_ALERT_THRESHOLD: "32.5" }).MARGIN_ALERT_THRESHOLD).toBe(32.5);
    expect(() => parseEnv({ MARGIN_ALERT_THRESHOLD: "150" })).toThrow(/MARGIN_ALERT_THRESHOLD/);
    expect(() => parseEnv({ MARGIN_ALERT_THRESHOLD: "forty" })).toThrow(/MARGIN_ALERT_THRESHOLD/);
  });

  it("parses the metrics token, Sentry DSNs and the in-process cron switch", () => {
    const e = parseEnv({
      METRICS_TOKEN: "m".repeat(24),
      SENTRY_DSN: "https://key@o1.ingest.sentry.io/1",
      NEXT_PUBLIC_SENTRY_DSN: "",
      CRON_IN_PROCESS: "1",
    });
    expect(e.METRICS_TOKEN).toBe("m".repeat(24));
    expect(e.SENTRY_DSN).toBe("https://key@o1.ingest.sentry.io/1");
    expect(e.NEXT_PUBLIC_SENTRY_DSN).toBeUndefined();
    expect(e.CRON_IN_PROCESS).toBe(true);
    expect(parseEnv({}).CRON_IN_PROCESS).toBe(false);
    expect(() => parseEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
    expect(() => parseEnv({ SENTRY_DSN: "not a url" })).toThrow(/SENTRY_DSN/);
  });
});
