// Anthropic's cost report through a fake Admin API over real HTTP: amounts are cents as decimal
// strings (so "123.45" is $1.2345), pages are followed, the admin key is sent, and another
// currency or a refused key fails the check instead of reporting a wrong figure.
import { afterEach, describe, expect, it } from "vitest";
import {
  anthropicCostAdapter,
  centsToMicros,
  parseAnthropicCostPage,
} from "@/lib/reconciliation/provider-costs";
import type { FakeAnthropicAdmin } from "@/tests/fakes/anthropic-admin-server";
import { startFakeAnthropicAdmin } from "@/tests/fakes/anthropic-admin-server";

const range = { from: new Date("2026-11-21T00:00:00Z"), to: new Date("2026-11-22T00:00:00Z") };

describe("Anthropic cost report", () => {
  let fake: FakeAnthropicAdmin | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it("reads cents exactly, rounding half-even once", () => {
    expect(centsToMicros("123.45")).toBe(1_234_500n); // $1.2345
    expect(centsToMicros("41280.000000")).toBe(412_800_000n); // $412.80
    expect(centsToMicros("0.00005")).toBe(0n); // 0.5 µUSD → even (0)
    expect(centsToMicros("0.00015")).toBe(2n); // 1.5 µUSD → even (2)
    expect(() => centsToMicros("1e3")).toThrow(RangeError);
    expect(
      parseAnthropicCostPage({
        data: [{ results: [{ amount: "100", currency: "USD" }, { amount: "0.5" }] }],
      }),
    ).toBe(1_005_000n);
    expect(() => parseAnthropicCostPage({ data: [{ results: [{ amount: "1", currency: "EUR" }] }] })).toThrow(
      /EUR/,
    );
  });

  it("pages through the day's report with the admin key", async () => {
    fake = await startFakeAnthropicAdmin({
      adminKey: "sk-ant-admin-test",
      pages: [
        [{ amount: "1234.5678", description: "Claude Sonnet 4 Usage - Input Tokens" }],
        [{ amount: "66.0000" }],
      ],
    });
    const adapter = anthropicCostAdapter({ adminKey: "sk-ant-admin-test", baseUrl: fake.baseUrl });
    // 1,300.5678 cents = $13.005678
    expect(await adapter.costMicroUsd(range)).toBe(13_005_678n);
    expect(
      fake.requests.map((q) => [
        q.get("starting_at"),
        q.get("ending_at"),
        q.get("bucket_width"),
        q.get("page"),
      ]),
    ).toEqual([
      ["2026-11-21T00:00:00.000Z", "2026-11-22T00:00:00.000Z", "1d", null],
      ["2026-11-21T00:00:00.000Z", "2026-11-22T00:00:00.000Z", "1d", "page_1"],
    ]);
  });

  it("fails on a refused key or another currency", async () => {
    fake = await startFakeAnthropicAdmin({ adminKey: "right", pages: [[{ amount: "5", currency: "EUR" }]] });
    await expect(
      anthropicCostAdapter({ adminKey: "wrong", baseUrl: fake.baseUrl }).costMicroUsd(range),
    ).rejects.toThrow(/401/);
    await expect(
      anthropicCostAdapter({ adminKey: "right", baseUrl: fake.baseUrl }).costMicroUsd(range),
    ).rejects.toThrow(/EUR/);
  });
});
