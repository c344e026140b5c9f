// Monthly close: per-account rows with PT granted, purchased, used, expired, refunded, clawed back;
// revenue and provider cost; frozen (a re-run inserts nothing, an edit is refused).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clawback, refundCredit } from "@/lib/ledger/clawback";
import { expireGrants, grantCredits } from "@/lib/ledger/grants";
import { utcMonth } from "@/lib/periods";
import { closeMonth } from "@/lib/reconciliation/monthly-close";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { applyPayment, settleUsage, stripePayment, user } from "@/tests/ops/recon-fixtures";

describe("monthly close", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("freezes one summary row per active account", async () => {
    const p = db.prisma;
    const alice = user();
    const idle = user();
    const month = utcMonth(new Date());
    const afterMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1, 1));

    // A paid plan allowance: 10,000 PT for $20, so each PT used from it earned 2,000 µUSD.
    await grantCredits(p, {
      account: alice,
      amount: 10_000n,
      source: "allowance",
      key: "allow:a",
      metadata: { paymentId: "in_a", amountMinor: "2000", currency: "usd" },
    });
    await grantCredits(p, {
      account: alice,
      amount: 500n,
      source: "promo",
      key: "promo:a",
      expiresAt: new Date(Date.now() - 1_000),
    });
    await applyPayment(p, stripePayment(alice.userId, 50_000n, 500n, "pi_a"));
    await settleUsage(p, {
      account: alice,
      model: "gpt-x",
      provider: "openai",
      pt: 3_000n,
      costMicroUsd: 9_000n,
    });
    await settleUsage(p, {
      account: alice,
      model: "gpt-x",
      provider: "openai",
      pt: 1_000n,
      costMicroUsd: 2_500n,
    });
    expect((await expireGrants(p)).pt).toBe(500n);
    await refundCredit(p, { account: alice, amount: 200n, key: "refund:a", actor: "admin" });
    await clawback(p, { account: alice, amount: 1_500n, key: "clawback:a", kind: "refund" });
    await p.ledgerAccount.create({ data: { type: "user", ownerId: idle.userId } });

    await expect(closeMonth(p, { month })).rejects.toThrow(/not ended/);
    const result = await closeMonth(p, { month, now: afterMonth, ptPerUsd: 100_000n });
    expect(result).toEqual({ month, accounts: 1, inserted: 1 });

    const row = await p.monthlyStatement.findUniqueOrThrow({
      where: {
        month_accountId: {
          month,
          accountId: (await p.ledgerAccount.findFirstOrThrow({ where: { ownerId: alice.userId } })).id,
        },
      },
    });
    expect(row).toMatchObject({
      ownerType: "user",
      ownerId: alice.userId,
      openingPt: 0n,
      ptGranted: 10_500n,
      ptPurchased: 50_000n,
      ptUsed: 4_000n,
      ptExpired: 500n,
      ptRefunded: 200n,
      ptClawedBack: 1_500n,
      ptTransferred: 0n,
      revenueMicroUsd: 8_000_000n,
      providerCostMicroUsd: 11_500n,
    });
    // The identity of a month without debt: closing = opening + credits - debits.
    expect(row.closingPt).toBe(10_500n + 50_000n + 200n - 4_000n - 500n - 1_500n);

    // Later activity does not change a closed month, and a second close inserts nothing.
    await settleUsage(p, { account: alice, model: "gpt-x", provider: "openai", pt: 100n, costMicroUsd: 1n });
    expect(await closeMonth(p, { month, now: afterMonth })).toMatchObject({ inserted: 0 });
    const again = await p.monthlyStatement.findUniqueOrThrow({ where: { id: row.id } });
    expect(again.ptUsed).toBe(4_000n);
    await expect(
      p.$executeRaw`UPDATE "MonthlyStatement" SET "ptUsed" = 0 WHERE id = ${row.id}::uuid`,
    ).rejects.toThrow();
    await expect(p.$executeRaw`DELETE FROM "MonthlyStatement" WHERE id = ${row.id}::uuid`).rejects.toThrow();
  });
});
