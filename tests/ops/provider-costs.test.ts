// Provider cost check with recorded OpenAI costs API responses: parsing, paging through a fake
// fetch, and the comparison against our recorded cost.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compareProviderCost,
  openAiCostAdapter,
  parseOpenAiCostsPage,
  usdToMicros,
} from "@/lib/reconciliation/provider-costs";

const fixture = (name: string) => JSON.parse(readFileSync(`tests/ops/fixtures/${name}`, "utf8"));
const range = { from: new Date("2026-11-21T00:00:00Z"), to: new Date("2026-11-22T00:00:00Z") };

describe("provider costs", () => {
  it("converts decimal USD to micro-USD exactly", () => {
    expect(usdToMicros(0.06)).toBe(60_000n);
    expect(usdToMicros(12.345678)).toBe(12_345_678n);
    // Half-even, the project's one rounding rule: ties go to the even micro-dollar.
    expect(usdToMicros("0.0000005")).toBe(0n);
    expect(usdToMicros("0.0000015")).toBe(2n);
    expect(usdToMicros("0.0000025")).toBe(2n);
    expect(usdToMicros("0.00000051")).toBe(1n);
    expect(usdToMicros("0.0000004")).toBe(0n);
    expect(usdToMicros(1e-7)).toBe(0n);
    expect(usdToMicros(1234567.5)).toBe(1_234_567_500_000n);
    expect(() => usdToMicros("1e3")).toThrow(RangeError);
  });

  it("sums a recorded page and refuses another currency", () => {
    expect(parseOpenAiCostsPage(fixture("openai-costs-page1.json"))).toBe(12_405_678n);
    expect(() =>
      parseOpenAiCostsPage({ data: [{ results: [{ amount: { value: 1, currency: "eur" } }] }] }),
    ).toThrow(/eur/);
  });

  it("pages through the costs API with the admin key and the day's bounds", async () => {
    const seen: URL[] = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      seen.push(url);
      expect(new Headers(init?.headers).get("authorization")).toBe("Bearer sk-admin-test");
      const page = url.searchParams.get("page") ? "openai-costs-page2.json" : "openai-costs-page1.json";
      return new Response(JSON.stringify(fixture(page)), { headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    const adapter = openAiCostAdapter({
      adminKey: "sk-admin-test",
      fetch: fakeFetch,
      baseUrl: "http://fake/v1",
    });
    expect(await adapter.costMicroUsd(range)).toBe(13_905_678n);
    expect(
      seen.map((u) => [u.pathname, u.searchParams.get("start_time"), u.searchParams.get("page")]),
    ).toEqual([
      ["/v1/organization/costs", "1795219200", null],
      ["/v1/organization/costs", "1795219200", "page_AAAAAGdGxdEiJdKOAAAAAGcqsYA="],
    ]);
    const failing = openAiCostAdapter({
      adminKey: "k",
      fetch: (async () => new Response("no", { status: 401 })) as unknown as typeof fetch,
    });
    await expect(failing.costMicroUsd(range)).rejects.toThrow(/401/);
  });

  it("compares within tolerance, warns on a difference, errors when we under-record by over 10%", () => {
    const base = { provider: "openai", day: "2026-11-21" };
    expect(
      compareProviderCost({ ...base, oursMicroUsd: 13_905_678n, theirsMicroUsd: 13_905_678n }),
    ).toBeNull();
    // $0.40 apart: under the $0.50 absolute tolerance.
    expect(
      compareProviderCost({ ...base, oursMicroUsd: 13_505_678n, theirsMicroUsd: 13_905_678n }),
    ).toBeNull();
    // 1.9% of $100: under the 2% tolerance.
    expect(
      compareProviderCost({ ...base, oursMicroUsd: 98_100_000n, theirsMicroUsd: 100_000_000n }),
    ).toBeNull();
    expect(
      compareProviderCost({ ...base, oursMicroUsd: 95_000_000n, theirsMicroUsd: 100_000_000n }),
    ).toMatchObject({
      severity: "warning",
      kind: "provider_cost_mismatch",
      refs: { provider: "openai", ours: "95000000", theirs: "100000000" },
    });
    expect(
      compareProviderCost({ ...base, oursMicroUsd: 120_000_000n, theirsMicroUsd: 100_000_000n }),
    ).toMatchObject({
      severity: "warning",
    });
    expect(
      compareProviderCost({ ...base, oursMicroUsd: 80_000_000n, theirsMicroUsd: 100_000_000n }),
    ).toMatchObject({
      severity: "error",
    });
  });
});
