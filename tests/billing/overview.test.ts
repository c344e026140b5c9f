// The billing page's breakdown adds up to what is available: trial PT carried over from the guest
// and other credits are parts of it, and PT held for a streaming reply are shown as in use.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingOverview } from "@/lib/billing/overview";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

describe("billingOverview", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("allowance + purchased + trial + other − in use = available", async () => {
    const userId = await createUser(p);
    const account = { kind: "user" as const, userId };
    await grantCredits(p, { account, amount: 50_000n, source: "allowance", key: randomUUID() });
    await grantCredits(p, { account, amount: 12_345n, source: "trial", key: randomUUID() });
    await grantCredits(p, { account, amount: 700n, source: "promo", key: randomUUID() });
    await grantCredits(p, {
      account,
      amount: 10_000n,
      source: "purchase",
      kind: "purchase",
      key: randomUUID(),
    });
    await reserve(p, { account, amount: 144n, key: randomUUID(), ttlSeconds: 600 });
    const { balance } = await billingOverview(p, userId);
    expect(balance.trialLeft).toBe(12_345n);
    expect(balance.otherLeft).toBe(700n);
    expect(balance.inUse).toBe(144n);
    expect(
      balance.allowanceLeft + balance.purchasedLeft + balance.trialLeft + balance.otherLeft - balance.inUse,
    ).toBe(balance.available);
    expect(balance.held).toBe(balance.available);
  });
});
