// The Free plan's monthly allowance: granted once per verified Free user and UTC month, expiring
// exactly at the month's end; nothing for unverified or paid-plan users.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ensureFreeAllowance,
  forgetFreeAllowanceCache,
  grantFreeAllowances,
  nextMonthStart,
} from "@/lib/billing/free-allowance";
import { ENTITLEMENTS } from "@/lib/entitlements";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.cleanup());
beforeEach(() => forgetFreeAllowanceCache());

async function user(plan: "free" | "pro" = "free") {
  return db.prisma.user.create({
    data: { email: `f-${Math.random()}@example.com`, plan },
    select: { id: true },
  });
}

describe("Free plan allowance", () => {
  it("grants once per month, concurrently too, and expires at the month's end", async () => {
    const { id: userId } = await user();
    const now = new Date("2026-11-30T23:59:58Z");
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        ensureFreeAllowance(db.prisma, { userId, plan: "free", emailVerified: true, now }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const account = { kind: "user" as const, userId };
    const balance = await getBalance(db.prisma, account, { now });
    expect(balance.available).toBe(ENTITLEMENTS.free.monthlyAllowancePt);
    expect(balance.grants).toEqual([
      expect.objectContaining({ source: "allowance", expiresAt: new Date("2026-12-01T00:00:00Z") }),
    ]);
    // One second after the month ends the old allowance is gone; December's is a new grant.
    const december = new Date("2026-12-01T00:00:01Z");
    expect((await getBalance(db.prisma, account, { now: december })).available).toBe(0n);
    forgetFreeAllowanceCache();
    expect(
      await ensureFreeAllowance(db.prisma, { userId, plan: "free", emailVerified: true, now: december }),
    ).toBe(true);
    expect((await getBalance(db.prisma, account, { now: december })).available).toBe(
      ENTITLEMENTS.free.monthlyAllowancePt,
    );
    expect(await checkLedgerInvariants(db.prisma, { now: december })).toEqual([]);
  });

  it("grants nothing to unverified or paid-plan users", async () => {
    const a = await user();
    const b = await user("pro");
    expect(await ensureFreeAllowance(db.prisma, { userId: a.id, plan: "free", emailVerified: false })).toBe(
      false,
    );
    expect(await ensureFreeAllowance(db.prisma, { userId: b.id, plan: "pro", emailVerified: true })).toBe(
      false,
    );
    const balances = await Promise.all(
      [a, b].map((u) => getBalance(db.prisma, { kind: "user", userId: u.id })),
    );
    expect(balances.map((x) => x.available)).toEqual([0n, 0n]);
  });

  it("the hourly job grants every verified Free user lacking this month's allowance, once", async () => {
    const now = new Date("2027-03-10T12:00:00Z");
    const verified = await db.prisma.user.create({
      data: { email: `v-${Math.random()}@example.com`, emailVerifiedAt: now },
      select: { id: true },
    });
    await db.prisma.user.create({ data: { email: `u-${Math.random()}@example.com` } });
    const first = await grantFreeAllowances(db.prisma, { now });
    expect(first.granted).toBeGreaterThanOrEqual(1);
    forgetFreeAllowanceCache();
    expect((await grantFreeAllowances(db.prisma, { now })).granted).toBe(0);
    const balance = await getBalance(db.prisma, { kind: "user", userId: verified.id }, { now });
    expect(balance.available).toBe(ENTITLEMENTS.free.monthlyAllowancePt);
  });

  it("puts the end of the month at the first instant of the next", () => {
    expect(nextMonthStart(new Date("2026-12-15T10:00:00Z"))).toEqual(new Date("2027-01-01T00:00:00Z"));
    expect(nextMonthStart(new Date("2026-01-31T23:59:59Z"))).toEqual(new Date("2026-02-01T00:00:00Z"));
  });
});
