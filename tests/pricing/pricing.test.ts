// Pricing: history is insert-only, the price at a time is the latest effective one, unknown models
// are refused, costs round half-even once, and estimates count tokens with a real tokenizer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roundHalfEven } from "@/lib/money/rounding";
import { countChatTokens, countTokens, estimate } from "@/lib/pricing/estimate";
import { addPrice, costOf, getPrice, priceHistory, scheduledPrices } from "@/lib/pricing/prices";
import { DEFAULT_PRICES, seedPrices } from "@/lib/pricing/seed-prices";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";

describe("costOf and countTokens", () => {
  const price = {
    ptPerMInput: 15_000n,
    ptPerMOutput: 60_000n,
    costMicroUsdPerMInput: 150_000n,
    costMicroUsdPerMOutput: 600_000n,
  };
  it("rounds the exact total once, half-even", () => {
    expect(costOf(price, { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toEqual({
      pt: 75_000n,
      providerCostMicroUsd: 750_000n,
    });
    // 100 in + 0 out = 1.5 PT → 2; 300 in = 4.5 PT → 4.
    expect(costOf(price, { inputTokens: 100, outputTokens: 0 }).pt).toBe(2n);
    expect(costOf(price, { inputTokens: 300, outputTokens: 0 }).pt).toBe(4n);
    expect(() => costOf(price, { inputTokens: -1, outputTokens: 0 })).toThrow();
    expect(() => costOf(price, { inputTokens: 1.5, outputTokens: 0 })).toThrow();
  });

  it("counts tokens with the o200k BPE", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello world")).toBe(2);
    expect(countChatTokens([{ role: "user", content: "hello world" }])).toBe(3 + 3 + 1 + 2);
  });
});

describe.each(testBackends())("prices on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("seeds the default models once with real list prices", async () => {
    expect(await seedPrices(db.prisma)).toBe(DEFAULT_PRICES.length);
    expect(await seedPrices(db.prisma)).toBe(0);
    const mini = await getPrice(db.prisma, { model: "gpt-4o-mini" });
    expect(mini).toMatchObject({
      provider: "openai",
      ptPerMInput: 15_000n,
      ptPerMOutput: 60_000n,
      costMicroUsdPerMInput: 150_000n,
      tier: "free",
    });
    expect(await getPrice(db.prisma, { model: "demo" })).toMatchObject({
      provider: "demo",
      tier: "free",
      costMicroUsdPerMInput: 0n,
    });
    expect((await getPrice(db.prisma, { model: "claude-sonnet-4-20250514" })).ptPerMOutput).toBe(1_500_000n);
  });

  it("keeps history and answers the price in force at a time", async () => {
    const base = {
      provider: "openai",
      model: "hist-model",
      costMicroUsdPerMInput: 1n,
      costMicroUsdPerMOutput: 1n,
      tier: "pro" as const,
    };
    await addPrice(db.prisma, {
      ...base,
      ptPerMInput: 100n,
      ptPerMOutput: 200n,
      effectiveFrom: new Date("2030-01-01Z"),
    });
    await addPrice(db.prisma, {
      ...base,
      ptPerMInput: 150n,
      ptPerMOutput: 300n,
      effectiveFrom: new Date("2030-06-01Z"),
    });
    expect(
      (await getPrice(db.prisma, { model: "hist-model", at: new Date("2030-03-01Z") })).ptPerMInput,
    ).toBe(100n);
    expect(
      (await getPrice(db.prisma, { model: "hist-model", at: new Date("2030-07-01Z") })).ptPerMInput,
    ).toBe(150n);
    await expect(
      getPrice(db.prisma, { model: "hist-model", at: new Date("2029-01-01Z") }),
    ).rejects.toMatchObject({ code: "price_unknown" });
    expect((await priceHistory(db.prisma, "hist-model")).map((p) => p.ptPerMInput)).toEqual([100n, 150n]);
    // Between the two, the later row is scheduled (what the admin pricing page lists after a save).
    const scheduled = await scheduledPrices(db.prisma, new Date("2030-03-01Z"));
    expect(scheduled.filter((p) => p.model === "hist-model").map((p) => p.ptPerMInput)).toEqual([150n]);
    expect(
      (await scheduledPrices(db.prisma, new Date("2030-07-01Z"))).some((p) => p.model === "hist-model"),
    ).toBe(false);
    // Prices are never edited in place: the database refuses it.
    await expect(
      db.prisma.modelPrice.updateMany({ where: { model: "hist-model" }, data: { ptPerMInput: 1n } }),
    ).rejects.toThrow();
    await expect(addPrice(db.prisma, { ...base, ptPerMInput: 0n, ptPerMOutput: 0n })).rejects.toMatchObject({
      code: "bad_request",
    });
  });

  it("refuses unknown models and estimates the worst case", async () => {
    await expect(getPrice(db.prisma, { model: "gpt-9-unpriced" })).rejects.toMatchObject({
      code: "price_unknown",
    });
    await expect(
      estimate(db.prisma, {
        model: "gpt-9-unpriced",
        messages: [{ role: "user", content: "hi" }],
        maxOutputTokens: 10,
      }),
    ).rejects.toMatchObject({ code: "price_unknown" });
    const messages = [{ role: "user" as const, content: "Write a haiku about double-entry bookkeeping." }];
    const result = await estimate(db.prisma, { model: "gpt-4.1", messages, maxOutputTokens: 1000 });
    const inputTokens = countChatTokens(messages);
    expect(result.inputTokens).toBe(inputTokens);
    // gpt-4.1: 200,000 PT / 1M input, 800,000 PT / 1M output.
    expect(result.pt).toBe((BigInt(inputTokens) * 200_000n + 1000n * 800_000n + 500_000n) / 1_000_000n);
    const claude = await estimate(db.prisma, {
      model: "claude-haiku-4-5-20251001",
      messages,
      maxOutputTokens: 1000,
    });
    expect(claude.inputTokens).toBe(Math.ceil((inputTokens * 5) / 4));
    // With prompt caching on (ANTHROPIC_PROMPT_CACHE=5m by default) every input token could be a
    // 5-minute cache write: 125,000 PT / 1M, above the 100,000 PT input rate.
    expect(claude.pt).toBe(
      roundHalfEven(BigInt(claude.inputTokens) * 125_000n + 1000n * 500_000n, 1_000_000n),
    );
    // A prompt that could cross Sonnet 4's 200K threshold is held at the long tier for the whole
    // request: 750,000 PT / 1M input (a 5-minute write above 200K), 2,250,000 PT / 1M output.
    const sonnet = await getPrice(db.prisma, { model: "claude-sonnet-4-20250514" });
    const long = [{ role: "user" as const, content: "ledger ".repeat(150_000) }];
    const held = await estimate(db.prisma, {
      model: sonnet.model,
      messages: long,
      maxOutputTokens: 1000,
      price: sonnet,
    });
    expect(held.inputTokens).toBeGreaterThan(180_000);
    expect(held.pt).toBe(roundHalfEven(BigInt(held.inputTokens) * 750_000n + 1000n * 2_250_000n, 1_000_000n));
  });
});
