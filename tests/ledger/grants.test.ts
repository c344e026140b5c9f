// Grants, expiry at the month boundary, clawback into debt, refund credits and guest transfer.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance, systemBalances } from "@/lib/ledger/accounts";
import { clawback, refundCredit } from "@/lib/ledger/clawback";
import { expireGrants, grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { transferAvailable } from "@/lib/ledger/transfer";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";
import { countRows, expectNoViolations, newGuest, newUser } from "@/tests/ledger/helpers";

describe.each(testBackends())("grants on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("is idempotent per key and refuses the key with other terms", async () => {
    const p = db.prisma;
    const user = newUser();
    const key = `inv:${randomUUID()}`;
    const first = await grantCredits(p, { account: user, amount: 1_000n, source: "purchase", key });
    const before = await countRows(p);
    const again = await grantCredits(p, { account: user, amount: 1_000n, source: "purchase", key });
    expect(again).toEqual({ ...first, created: false });
    expect(await countRows(p)).toEqual(before);
    await expect(
      grantCredits(p, { account: user, amount: 999n, source: "purchase", key }),
    ).rejects.toMatchObject({
      code: "idempotency_conflict",
    });
    await expect(
      grantCredits(p, { account: newUser(), amount: 1_000n, source: "purchase", key }),
    ).rejects.toMatchObject({ code: "idempotency_conflict" });
    const parallel = await Promise.all(
      Array.from({ length: 6 }, () =>
        grantCredits(p, { account: user, amount: 5n, source: "promo", key: `same-promo-key${user.userId}` }),
      ),
    );
    expect(parallel.filter((r) => r.created)).toHaveLength(1);
    expect((await getBalance(p, user)).posted).toBe(1_005n);
    await expectNoViolations(p);
  });

  it("ends an allowance exactly at its period end; a purchased top-up stays", async () => {
    const p = db.prisma;
    const user = newUser();
    const periodEnd = new Date("2031-02-01T00:00:00Z");
    const justBefore = new Date(periodEnd.getTime() - 1_000);
    const justAfter = new Date(periodEnd.getTime() + 1_000);
    await grantCredits(p, {
      account: user,
      amount: 1_000n,
      source: "allowance",
      expiresAt: periodEnd,
      key: `allowance:${user.userId}:2031-01`,
    });
    await grantCredits(p, { account: user, amount: 300n, source: "purchase", key: randomUUID() });

    expect((await getBalance(p, user, { now: justBefore })).available).toBe(1_300n);
    // One second after the period end, before any cron run: the allowance is already unusable.
    expect((await getBalance(p, user, { now: justAfter })).available).toBe(300n);
    await expect(
      reserve(p, { account: user, amount: 301n, key: randomUUID(), ttlSeconds: 60, now: justAfter }),
    ).rejects.toMatchObject({ code: "pt_exhausted", details: { available: 300n } });
    const hold = await reserve(p, {
      account: user,
      amount: 100n,
      key: randomUUID(),
      ttlSeconds: 60,
      now: justAfter,
    });
    // A hold placed after the period end never draws the expired allowance.
    await settle(p, { holdId: hold.holdId, actual: 100n, now: justAfter });

    expect(await expireGrants(p, { now: justBefore })).toEqual({ expired: 0, pt: 0n });
    expect(await expireGrants(p, { now: justAfter })).toEqual({ expired: 1, pt: 1_000n });
    expect(await expireGrants(p, { now: justAfter })).toEqual({ expired: 0, pt: 0n });
    const balance = await getBalance(p, user, { now: justAfter });
    expect([balance.posted, balance.available]).toEqual([200n, 200n]);
    expect(balance.grants.map((g) => [g.source, g.remaining])).toEqual([["purchase", 200n]]);
    await expectNoViolations(p, justAfter);
  });

  it("lets a hold placed before the period end settle against the allowance, then expires the rest", async () => {
    const p = db.prisma;
    const user = newUser();
    const periodEnd = new Date("2031-03-01T00:00:00Z");
    await grantCredits(p, {
      account: user,
      amount: 100n,
      source: "allowance",
      expiresAt: periodEnd,
      key: randomUUID(),
    });
    await grantCredits(p, { account: user, amount: 50n, source: "purchase", key: randomUUID() });
    const hold = await reserve(p, {
      account: user,
      amount: 100n,
      key: randomUUID(),
      ttlSeconds: 300,
      now: new Date(periodEnd.getTime() - 10_000),
    });
    const after = new Date(periodEnd.getTime() + 5_000);
    // The open hold placed before the end defers the allowance's expiry.
    expect((await expireGrants(p, { now: after })).pt).toBe(0n);
    await settle(p, { holdId: hold.holdId, actual: 80n, now: after });
    expect((await expireGrants(p, { now: after })).pt).toBe(20n);
    const balance = await getBalance(p, user, { now: after });
    expect(balance.grants.map((g) => [g.source, g.remaining])).toEqual([["purchase", 50n]]);
    await expectNoViolations(p, after);
  });

  it("claws back what is left, records debt, repays it from the next credit and blocks reserve meanwhile", async () => {
    const p = db.prisma;
    const user = newUser();
    const purchase = await grantCredits(p, {
      account: user,
      amount: 1_000n,
      source: "purchase",
      key: randomUUID(),
    });
    await grantCredits(p, { account: user, amount: 100n, source: "promo", key: randomUUID() });
    const hold = await reserve(p, { account: user, amount: 300n, key: randomUUID(), ttlSeconds: 60 });
    await settle(p, { holdId: hold.holdId, actual: 300n }); // promo 100 + purchase 200 → 800 left
    const open = await reserve(p, { account: user, amount: 50n, key: randomUUID(), ttlSeconds: 60 });

    const key = `refund:${randomUUID()}`;
    const result = await clawback(p, {
      account: user,
      amount: 1_000n,
      key,
      kind: "refund",
      grantId: purchase.grantId,
    });
    // 800 posted, 50 held → 750 recovered, 250 owed.
    expect(result).toMatchObject({ recovered: 750n, debt: 250n, created: true });
    expect(await clawback(p, { account: user, amount: 1_000n, key, kind: "refund" })).toEqual({
      ...result,
      created: false,
    });
    await expect(clawback(p, { account: user, amount: 5n, key, kind: "refund" })).rejects.toMatchObject({
      code: "idempotency_conflict",
    });
    let balance = await getBalance(p, user);
    expect([balance.posted, balance.pending, balance.debt, balance.available]).toEqual([50n, 50n, 250n, 0n]);
    await expect(
      reserve(p, { account: user, amount: 1n, key: randomUUID(), ttlSeconds: 60 }),
    ).rejects.toMatchObject({
      code: "pt_exhausted",
      details: { reason: "debt" },
    });
    // The open hold still settles.
    await settle(p, { holdId: open.holdId, actual: 50n });

    await grantCredits(p, { account: user, amount: 100n, source: "allowance", key: randomUUID() });
    balance = await getBalance(p, user);
    expect([balance.posted, balance.debt]).toEqual([0n, 150n]);
    await refundCredit(p, { account: user, amount: 400n, key: randomUUID(), actor: "admin:1" });
    balance = await getBalance(p, user);
    expect([balance.posted, balance.debt, balance.available]).toEqual([250n, 0n, 250n]);
    expect((await systemBalances(p)).debt ?? 0n).toBe(0n);
    await expectNoViolations(p);
  });

  it("moves a guest's live grants to the user with their source and expiry, once", async () => {
    const p = db.prisma;
    const guest = newGuest();
    const user = newUser();
    const expiresAt = new Date(Date.now() + 7 * 86_400_000);
    await grantCredits(p, { account: guest, amount: 200n, source: "trial", expiresAt, key: randomUUID() });
    await grantCredits(p, { account: guest, amount: 30n, source: "promo", key: randomUUID() });
    await reserve(p, { account: guest, amount: 20n, key: randomUUID(), ttlSeconds: 60 });
    const key = `signup:${guest.guestId}`;
    expect(await transferAvailable(p, { from: guest, to: user, key })).toEqual({
      moved: 210n,
      created: true,
    });
    expect(await transferAvailable(p, { from: guest, to: user, key })).toEqual({
      moved: 210n,
      created: false,
    });
    const mine = await getBalance(p, user);
    expect(mine.posted).toBe(210n);
    expect(
      mine.grants.map((g) => [g.source, g.remaining, g.expiresAt?.toISOString() ?? null]).sort(),
    ).toEqual(
      [
        // Draw order: trial (priority 1, expiring) before promo (priority 1, no expiry).
        ["promo", 10n, null],
        ["trial", 200n, expiresAt.toISOString()],
      ].sort(),
    );
    const left = await getBalance(p, guest);
    expect([left.posted, left.pending, left.available]).toEqual([20n, 20n, 0n]);
    await expectNoViolations(p);
  });
});
