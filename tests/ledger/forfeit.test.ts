// Forfeiture on account deletion: after any random history (grants with and without expiry,
// usage, releases), forfeiting leaves posted = pending (0 when no hold is open), the ledger free of
// violations, and the system side credited with exactly what left; a repeat of the key does
// nothing; forfeiting while reserves race never breaks posted - pending >= 0.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance, systemBalances } from "@/lib/ledger/accounts";
import { forfeitBalance } from "@/lib/ledger/forfeit";
import { grantCredits } from "@/lib/ledger/grants";
import { release, reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { expectNoViolations, newUser } from "@/tests/ledger/helpers";

type Step =
  | { t: "grant"; amount: number; expired: boolean }
  | { t: "use"; amount: number; actual: number; keepOpen: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    t: fc.constant("grant" as const),
    amount: fc.integer({ min: 1, max: 500 }),
    expired: fc.boolean(),
  }),
  fc.record({
    t: fc.constant("use" as const),
    amount: fc.integer({ min: 1, max: 300 }),
    actual: fc.integer({ min: 0, max: 300 }),
    keepOpen: fc.boolean(),
  }),
);

describe("forfeitBalance", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.cleanup());

  it("property: after any history, forfeiting leaves only held PT, balanced, exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const p = db.prisma;
        const account = newUser();
        const open: string[] = [];
        for (const step of steps) {
          if (step.t === "grant") {
            await grantCredits(p, {
              account,
              amount: BigInt(step.amount),
              source: "purchase",
              key: randomUUID(),
              expiresAt: step.expired ? new Date(Date.now() - 1000) : null,
            });
          } else {
            const hold = await reserve(p, {
              account,
              amount: BigInt(step.amount),
              key: randomUUID(),
              ttlSeconds: 600,
            }).catch(() => null);
            if (!hold) continue;
            if (step.keepOpen) open.push(hold.holdId);
            else await settle(p, { holdId: hold.holdId, actual: BigInt(step.actual) });
          }
        }
        const expiredBefore = (await systemBalances(p)).expired ?? 0n;
        const before = await getBalance(p, account);
        const key = `forfeit:${account.userId}`;
        const first = await forfeitBalance(p, { account, key, reason: "account_deleted" });
        const after = await getBalance(p, account);
        expect(after.posted).toBe(before.pending);
        expect(after.pending).toBe(before.pending);
        expect(first.forfeited).toBe(before.posted - before.pending);
        expect((await systemBalances(p)).expired ?? 0n).toBe(expiredBefore + first.forfeited);
        // Same key again: nothing more leaves.
        expect((await forfeitBalance(p, { account, key, reason: "account_deleted" })).forfeited).toBe(0n);
        // Once the holds are released, a second forfeit (new key) takes the rest: balance zero.
        for (const holdId of open) await release(p, { holdId });
        await forfeitBalance(p, { account, key: `${key}:2`, reason: "account_deleted" });
        const final = await getBalance(p, account);
        expect([final.posted, final.pending]).toEqual([0n, 0n]);
        await expectNoViolations(p);
      }),
      { numRuns: 25 },
    );
  });

  it("concurrent reserves during a forfeit never overspend and leave the ledger balanced", async () => {
    const p = db.prisma;
    const account = newUser();
    await grantCredits(p, { account, amount: 1_000n, source: "purchase", key: randomUUID() });
    const results = await Promise.allSettled([
      forfeitBalance(p, { account, key: `forfeit:${account.userId}`, reason: "account_deleted" }),
      ...Array.from({ length: 8 }, () =>
        reserve(p, { account, amount: 150n, key: randomUUID(), ttlSeconds: 600 }),
      ),
    ]);
    const forfeited = results[0]?.status === "fulfilled" ? results[0].value.forfeited : -1n;
    const held = results
      .slice(1)
      .filter((r) => r.status === "fulfilled")
      .reduce((s, r) => s + (r as PromiseFulfilledResult<{ amount: bigint }>).value.amount, 0n);
    const balance = await getBalance(p, account);
    expect(forfeited + held).toBeLessThanOrEqual(1_000n);
    expect(balance.posted).toBe(1_000n - forfeited);
    expect(balance.pending).toBe(held);
    expect(balance.posted - balance.pending).toBeGreaterThanOrEqual(0n);
    await expectNoViolations(p);
  });
});
