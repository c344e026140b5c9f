// Usage margin: revenue from PT at list price, cost from the recorded provider cost, integer
// threshold comparison, selling below cost, missing costs.
import { describe, expect, it } from "vitest";
import type { UsageGroup } from "@/lib/reconciliation/usage";
import { marginIssues, usageReport } from "@/lib/reconciliation/usage";

const PT_PER_USD = 100_000n; // 1 PT = 10 µUSD
const g = (model: string, provider: string, pt: bigint, cost: bigint, missingCost = 0): UsageGroup => ({
  model,
  provider,
  messages: 10,
  pt,
  costMicroUsd: cost,
  missingCost,
});

describe("usage margin", () => {
  it("aggregates per model, per provider and in total", () => {
    const report = usageReport(
      [g("a", "p1", 1_000n, 3_000n), g("b", "p1", 1_000n, 5_000n), g("c", "p2", 2_000n, 2_000n)],
      PT_PER_USD,
    );
    expect(report.total).toMatchObject({
      pt: 4_000n,
      revenueMicroUsd: 40_000n,
      costMicroUsd: 10_000n,
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
    ]);
  });

  it("alerts exactly under the threshold, errors below cost, warns on missing cost", () => {
    const report = usageReport(
      [
        g("at-40", "p1", 1_000n, 6_000n), // exactly 40%: no alert
        g("under-40", "p1", 1_000n, 6_001n), // 39.99%
        g("loss", "p2", 1_000n, 10_001n),
        g("free-but-costly", "p3", 0n, 5n),
        g("no-cost", "p4", 1_000n, 0n, 3),
      ],
      PT_PER_USD,
    );
    const issues = marginIssues(report, 40);
    expect(
      issues.map((i) => [i.kind, i.severity, i.refs.scope ?? "", i.refs.model ?? i.refs.provider ?? ""]),
    ).toEqual([
      ["margin_negative", "error", "model", "free-but-costly"],
      ["margin_negative", "error", "model", "loss"],
      ["usage_cost_missing", "warning", "", "no-cost"],
      ["margin_below_threshold", "warning", "model", "under-40"],
      ["margin_below_threshold", "warning", "provider", "p1"],
      ["margin_negative", "error", "provider", "p2"],
      ["margin_negative", "error", "provider", "p3"],
    ]);
    expect(marginIssues(usageReport([], PT_PER_USD), 40)).toEqual([]);
  });
});
