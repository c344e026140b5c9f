// The request path's price cache: rows are read once per PRICE_CACHE_MS, a price added through
// addPrice is seen at once on this instance, a transaction always reads the database, older dates
// fall back to the database, unknown models are still refused, and the admin editor's "now" lies
// PRICE_PROPAGATION_MS ahead so every instance has the row before it applies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPriceAsAdmin } from "@/lib/admin/pricing";
import { addPrice, getCurrentPrice, PRICE_PROPAGATION_MS } from "@/lib/pricing/prices";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const base = {
  provider: "openai",
  costMicroUsdPerMInput: 1n,
  costMicroUsdPerMOutput: 1n,
  tier: "free" as const,
};

describe("getCurrentPrice (cached)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("serves repeated lookups from the cache, not the database", async () => {
    const model = "cache-a";
    await addPrice(db.prisma, {
      ...base,
      model,
      ptPerMInput: 10n,
      ptPerMOutput: 20n,
      effectiveFrom: new Date(0),
    });
    expect((await getCurrentPrice(db.prisma, { model })).ptPerMInput).toBe(10n);
    // A row written behind addPrice's back (as another instance would) is not seen until the TTL.
    await db.prisma.$executeRaw`
      INSERT INTO "ModelPrice" (id, provider, model, "ptPerMInput", "ptPerMOutput", "costMicroUsdPerMInput",
                                "costMicroUsdPerMOutput", tier, "effectiveFrom")
      VALUES (gen_random_uuid(), 'openai', ${model}, 99, 99, 1, 1, 'free', now() - interval '1 second')`;
    expect((await getCurrentPrice(db.prisma, { model })).ptPerMInput).toBe(10n);
    // A transaction reads the database, so it sees the new row.
    const inTx = await db.prisma.$transaction((tx) => getCurrentPrice(tx, { model }));
    expect(inTx.ptPerMInput).toBe(99n);
  });

  it("sees a price added through addPrice at once on this instance", async () => {
    const model = "cache-b";
    await addPrice(db.prisma, {
      ...base,
      model,
      ptPerMInput: 10n,
      ptPerMOutput: 20n,
      effectiveFrom: new Date(0),
    });
    expect((await getCurrentPrice(db.prisma, { model })).ptPerMInput).toBe(10n);
    await addPrice(db.prisma, {
      ...base,
      model,
      ptPerMInput: 30n,
      ptPerMOutput: 40n,
      effectiveFrom: new Date(),
    });
    expect((await getCurrentPrice(db.prisma, { model })).ptPerMInput).toBe(30n);
    // Older dates still answer the row in force then.
    expect((await getCurrentPrice(db.prisma, { model, at: new Date(1000) })).ptPerMInput).toBe(10n);
  });

  it("refuses an unknown model and a date before its first price", async () => {
    await expect(getCurrentPrice(db.prisma, { model: "cache-none" })).rejects.toMatchObject({
      code: "price_unknown",
    });
    const model = "cache-c";
    await addPrice(db.prisma, {
      ...base,
      model,
      ptPerMInput: 1n,
      ptPerMOutput: 1n,
      effectiveFrom: new Date(5000),
    });
    await expect(getCurrentPrice(db.prisma, { model, at: new Date(4999) })).rejects.toMatchObject({
      code: "price_unknown",
    });
  });

  it("makes an admin price without a date effective once every instance can have it", async () => {
    const model = "cache-d";
    const before = Date.now();
    const { price } = await addPriceAsAdmin(
      db.prisma,
      { userId: "00000000-0000-4000-8000-000000000001" },
      { ...base, model, ptPerMInput: 7n, ptPerMOutput: 7n },
    );
    expect(price.effectiveFrom.getTime()).toBeGreaterThanOrEqual(before + PRICE_PROPAGATION_MS);
    await expect(getCurrentPrice(db.prisma, { model })).rejects.toMatchObject({ code: "price_unknown" });
    expect(
      (await getCurrentPrice(db.prisma, { model, at: new Date(before + PRICE_PROPAGATION_MS + 1000) }))
        .ptPerMInput,
    ).toBe(7n);
  });
});
