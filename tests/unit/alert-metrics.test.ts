// Alert rule thresholds as people write them and as they are stored (integers in the metric's
// unit): exact both ways, refused with a message when they do not fit the metric.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALERT_METRICS,
  compare,
  formatMetricValue,
  parseThreshold,
  thresholdText,
} from "@/lib/alerts/metrics";

describe("alert rule thresholds", () => {
  it("parses each metric's unit into its stored integer", () => {
    expect(parseThreshold("provider_cost", "50")).toEqual({ ok: true, value: 50_000_000n });
    expect(parseThreshold("provider_cost", "0.000001")).toEqual({ ok: true, value: 1n });
    expect(parseThreshold("pt_used", "1000000")).toEqual({ ok: true, value: 1_000_000n });
    expect(parseThreshold("margin_percent", "-2.5")).toEqual({ ok: true, value: -250n });
    expect(parseThreshold("request_count", " 10 ")).toEqual({ ok: true, value: 10n });
  });

  it("refuses what does not fit, saying what would", () => {
    for (const [metric, text] of [
      ["provider_cost", "1.0000001"],
      ["provider_cost", "-1"],
      ["pt_used", "1.5"],
      ["margin_percent", "1.001"],
      ["request_count", "1e3"],
      ["pt_used", ""],
      ["pt_used", "9999999999999999999"],
    ] as const) {
      const parsed = parseThreshold(metric, text);
      expect(parsed.ok, `${metric} ${text}`).toBe(false);
      if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(5);
    }
  });

  it("round-trips every stored value through its text", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALERT_METRICS), fc.bigInt({ min: 0n, max: 10n ** 12n }), (metric, v) => {
        // Within each metric's range (a margin of ±10,000 %, in basis points).
        const value = metric === "margin_percent" ? (v % 2_000_001n) - 1_000_000n : v;
        expect(parseThreshold(metric, thresholdText(metric, value))).toEqual({ ok: true, value });
      }),
    );
  });

  it("formats values for people and compares exactly", () => {
    expect(formatMetricValue("provider_cost", 50_500_000n)).toBe("$50.5");
    expect(formatMetricValue("margin_percent", 1666n)).toBe("16.66%");
    expect(formatMetricValue("pt_used", 1_234_567n)).toBe("1,234,567 PT");
    expect(formatMetricValue("request_count", 1n)).toBe("1 request");
    expect([
      compare("gt", 5n, 5n),
      compare("gte", 5n, 5n),
      compare("lt", 4n, 5n),
      compare("lte", 6n, 5n),
    ]).toEqual([false, true, true, false]);
  });
});
