// Usage margin on valued groups: aggregation per model/provider/total, the integer threshold
// comparison, selling below cost, missing costs and estimated revenue. Free usage never alerts.
import { describe, expect, it } from "vitest";
import type { UsageGroup } from "@/lib/reconciliation/usage";
import { marginIssues, usageReport } from "@/lib/reconciliation/usage";
import { micros } from "@/lib/reconciliation/usage-value";

function g(
  model: string,
  provider: string,
  revenue: bigint,
  cost: bigint,
  over: Partial<UsageGroup> = {},
): UsageGroup {
  return {
    model,
    provider,
    messages: 10,
    pt: 1_000n,
    paidPt: 1_000n,
    estimatedPt: 0n,
    freePt: 0n,
    revenueMicroUsd: revenue,
    costMicroUsd: cost,
    paidCostMicroUsd: cost,
    freeCostMicroUsd: 0n,
    missingCost: 0,
    inputTokens: 0n,
    cachedInputTokens: 0n,
    cacheWrite5mTokens: 0n,
    cacheWrite1hTokens: 0n,
    outputTokens: 0n,
    reasoningTokens: 0n,
    ...over,
  };
}

describe("usage margin", () => {
  it("aggregates per model, per provider and in total", () => {
    const report = usageReport([
      g("a", "p1", 10_000n, 3_000n),
      g("b", "p1", 10_000n, 5_000n),
      g("c", "p2", 20_000n, 2_000n),
      g("free", "p2", 0n, 700n, { paidPt: 0n, freePt: 1_000n, paidCostMicroUsd: 0n, freeCostMicroUsd: 700n }),
    ]);
    expect(report.total).toMatchObject({
      pt: 4_000n,
      freePt: 1_000n,
      revenueMicroUsd: 40_000n,
      costMicroUsd: 10_700n,
      paidCostMicroUsd: 10_000n,
      freeCostMicroUsd: 700n,
      marginBps: 7_500,
    });
    expect(report.byProvider.map((l) => [l.key, l.marginBps])).toEqual([
      ["p1", 6_000],
      ["p2", 9_000],
    ]);
    expect(report.byModel.map((l) => [l.key, l.marginBps])).toEqual([
      ["a", 7_000],
      ["b", 5_000],
      ["c", 9_000],
      ["free", null],
    ]);
    expect(marginIssues(report, 40)).toEqual([]);
  });

  it("alerts exactly under the threshold, errors below cost, reports missing cost and estimated revenue", () => {
    const report = usageReport([
      g("at-40", "p1", 10_000n, 6_000n), // exactly 40%: no alert
      g("under-40", "p1", 10_000n, 6_001n), // 39.99%
      g("loss", "p2", 10_000n, 10_001n),
      g("no-cost", "p4", 10_000n, 0n, { missingCost: 3 }),
      g("listed", "p5", 10_000n, 1_000n, { estimatedPt: 1_000n, paidPt: 0n }),
    ]);
    const issues = marginIssues(report, 40);
    expect(
      issues.map((i) => [i.kind, i.severity, i.refs.scope ?? "", i.refs.model ?? i.refs.provider ?? ""]),
    ).toEqual([
      ["revenue_estimated", "info", "", "listed"],
      ["margin_negative", "error", "model", "loss"],
      ["usage_cost_missing", "warning", "", "no-cost"],
      ["margin_below_threshold", "warning", "model", "under-40"],
      ["margin_below_threshold", "warning", "provider", "p1"],
      ["margin_negative", "error", "provider", "p2"],
    ]);
    expect(marginIssues(usageReport([]), 40)).toEqual([]);
  });

  it("rounds valued sums to whole micro-units half-even", () => {
    expect(micros("12.500000")).toBe(12n);
    expect(micros("13.500000")).toBe(14n);
    expect(micros("7")).toBe(7n);
    expect(micros(null)).toBe(0n);
    expect(micros("-2.5")).toBe(-2n);
  });
});
