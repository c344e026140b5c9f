import { describe, expect, it } from "vitest";
import { ENTITLEMENTS, PLAN_IDS, planAllowsTier, plansUnlocking } from "@/lib/entitlements";

describe("entitlements", () => {
  it("orders plans so that each unlocks at least what the one below does", () => {
    for (let i = 1; i < PLAN_IDS.length; i++) {
      const lower = ENTITLEMENTS[PLAN_IDS[i - 1] as keyof typeof ENTITLEMENTS];
      const higher = ENTITLEMENTS[PLAN_IDS[i] as keyof typeof ENTITLEMENTS];
      expect(higher.monthlyAllowancePt).toBeGreaterThan(lower.monthlyAllowancePt);
      expect(higher.requestsPerMinute).toBeGreaterThanOrEqual(lower.requestsPerMinute);
      expect(higher.concurrentStreams).toBeGreaterThanOrEqual(lower.concurrentStreams);
      expect(higher.maxOutputTokens).toBeGreaterThanOrEqual(lower.maxOutputTokens);
      expect(higher.monthlyPriceMinor).toBeGreaterThan(lower.monthlyPriceMinor);
    }
  });

  it("gates model tiers by plan", () => {
    expect(planAllowsTier("free", "free")).toBe(true);
    expect(planAllowsTier("free", "pro")).toBe(false);
    expect(planAllowsTier("pro", "pro")).toBe(true);
    expect(planAllowsTier("pro", "max")).toBe(false);
    expect(planAllowsTier("max", "max")).toBe(true);
    expect(plansUnlocking("pro")).toEqual(["pro", "max"]);
    expect(plansUnlocking("max")).toEqual(["max"]);
  });
});
