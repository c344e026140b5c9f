// The usage summary (/account/usage) and its CSV (/api/pt/usage.csv) on real Postgres: the totals
// equal the sum of the user's usage ledger entries over the period, by day and by model; other
// users, other kinds and released holds are not counted; the CSV is the owner's only.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { grantCredits } from "@/lib/ledger/grants";
import { listEntries, type StatementLine } from "@/lib/ledger/history";
import { release, reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { recentUsage, usageForMonth } from "@/lib/ledger/usage-summary";
import { monthRange, utcMonth } from "@/lib/periods";
import { createUser, installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const { GET: usageCsvGET } = await import("@/app/api/pt/usage.csv/route");
const ctx = { params: Promise.resolve({}) };

type Ref = { kind: "user"; userId: string };

async function charge(p: PrismaClient, account: Ref, actual: bigint, model: string, at: Date) {
  const hold = await reserve(p, {
    account,
    amount: actual + 50n,
    key: randomUUID(),
    ttlSeconds: 60,
    now: at,
  });
  await settle(p, {
    holdId: hold.holdId,
    actual,
    metadata: { model, inputTokens: 10, outputTokens: 20 },
    now: at,
  });
}

async function allEntries(p: PrismaClient, account: Ref): Promise<StatementLine[]> {
  const out: StatementLine[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: Awaited<ReturnType<typeof listEntries>> = await listEntries(p, {
      account,
      cursor,
      limit: 200,
    });
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

/** What the ledger says: minus the sum of usage entries in [from, to), per key. */
function ledgerUsage(entries: StatementLine[], month: string, key: (e: StatementLine) => string) {
  const { from, to } = monthRange(month);
  const sums = new Map<string, bigint>();
  for (const e of entries)
    if (e.kind === "usage" && e.at >= from && e.at < to)
      sums.set(key(e), (sums.get(key(e)) ?? 0n) - e.amount);
  return sums;
}

describe("usage summary reconciles with the ledger", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  const now = new Date();
  const thisMonth = utcMonth(now);
  const lastMonthDay = (d: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, d, 12));
  let alice: Ref;
  let aliceCookie: string;
  let bobCookie: string;

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
    const a = await createUser(p);
    const b = await createUser(p);
    alice = { kind: "user", userId: a.id };
    const bob: Ref = { kind: "user", userId: b.id };
    aliceCookie = (await sessionCookie(p, a.id)).cookie;
    bobCookie = (await sessionCookie(p, b.id)).cookie;
    for (const u of [alice, bob])
      await grantCredits(p, { account: u, amount: 100_000n, source: "purchase", key: randomUUID() });
    await charge(p, alice, 700n, "demo", now);
    await charge(p, alice, 300n, "gpt-x", now);
    await charge(p, alice, 1n, "demo", lastMonthDay(1));
    await charge(p, alice, 2_500n, "gpt-x", lastMonthDay(28));
    await charge(p, alice, 0n, "demo", lastMonthDay(28));
    // Not usage: a released hold and an adjustment.
    const held = await reserve(p, { account: alice, amount: 999n, key: randomUUID(), ttlSeconds: 60 });
    await release(p, { holdId: held.holdId });
    await grantCredits(p, { account: alice, amount: 5n, source: "adjustment", key: randomUUID() });
    await charge(p, bob, 4_000n, "bob-model", now);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("this month and last month: totals, days and models equal the usage entries", async () => {
    const { current, previous } = await recentUsage(p, { account: alice, now });
    const entries = await allEntries(p, alice);
    for (const usage of [current, previous]) {
      const byModel = ledgerUsage(entries, usage.month, (e) => e.model ?? "");
      const byDay = ledgerUsage(entries, usage.month, (e) => e.at.toISOString().slice(0, 10));
      const total = [...byModel.values()].reduce((s, v) => s + v, 0n);
      expect(usage.totalPt).toBe(total);
      expect(new Map(usage.byModel.map((m) => [m.model, m.pt]))).toEqual(byModel);
      expect(new Map(usage.byDay.filter((d) => d.messages > 0).map((d) => [d.day, d.pt]))).toEqual(byDay);
    }
    expect(current.month).toBe(thisMonth);
    expect(current.totalPt).toBe(1_000n);
    expect(previous.totalPt).toBe(2_501n);
    // A zero charge posts no entry, so it is not a charged message.
    expect(previous.messages).toBe(2);
    expect(previous.byDay[0]?.day.endsWith("-01")).toBe(true);
    expect(current.byDay.at(-1)?.day).toBe(now.toISOString().slice(0, 10));
    expect(current.byModel.map((m) => m.model)).toEqual(["demo", "gpt-x"]);
  });

  it("a user with no usage gets zero totals and zero-filled days", async () => {
    const fresh: Ref = { kind: "user", userId: randomUUID() };
    const usage = await usageForMonth(p, { account: fresh, month: thisMonth, now });
    expect(usage.totalPt).toBe(0n);
    expect(usage.byModel).toEqual([]);
    expect(usage.byDay.length).toBe(now.getUTCDate());
    expect(usage.byDay.every((d) => d.pt === 0n)).toBe(true);
  });

  it("property: for any sequence of charges over two months the summary equals the ledger", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            pt: fc.bigInt({ min: 0n, max: 5_000n }),
            model: fc.constantFrom("demo", "gpt-x", "claude-y"),
            day: fc.integer({ min: 1, max: 28 }),
            last: fc.boolean(),
          }),
          { maxLength: 8 },
        ),
        async (charges) => {
          const u: Ref = { kind: "user", userId: randomUUID() };
          await grantCredits(p, { account: u, amount: 100_000n, source: "purchase", key: randomUUID() });
          for (const c of charges) {
            const at = c.last
              ? lastMonthDay(c.day)
              : new Date(Math.min(now.getTime(), Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), c.day)));
            await charge(p, u, c.pt, c.model, at);
          }
          const { current, previous } = await recentUsage(p, { account: u, now });
          const entries = await allEntries(p, u);
          for (const usage of [current, previous]) {
            const byModel = ledgerUsage(entries, usage.month, (e) => e.model ?? "");
            expect(new Map(usage.byModel.map((m) => [m.model, m.pt]))).toEqual(byModel);
            expect(usage.byDay.reduce((s, d) => s + d.pt, 0n)).toBe(usage.totalPt);
          }
          const expected = charges.reduce((s, c) => s + c.pt, 0n);
          expect(current.totalPt + previous.totalPt).toBe(expected);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("GET /api/pt/usage.csv: the owner's lines only, summing to the page's totals", async () => {
    const res = await usageCsvGET(
      new Request("http://localhost/api/pt/usage.csv", { headers: { cookie: aliceCookie } }),
      ctx,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("day,model,messages,pt,input_tokens,output_tokens");
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows.reduce((s, r) => s + BigInt(r[3] ?? "x"), 0n)).toBe(3_501n);
    expect(rows.some((r) => r[1] === "bob-model")).toBe(false);

    const one = await usageCsvGET(
      new Request(`http://localhost/api/pt/usage.csv?month=${thisMonth}`, {
        headers: { cookie: aliceCookie },
      }),
      ctx,
    );
    const oneRows = (await one.text()).trimEnd().split("\r\n").slice(1);
    expect(oneRows.reduce((s, l) => s + BigInt(l.split(",")[3] ?? "x"), 0n)).toBe(1_000n);

    const bob = await usageCsvGET(
      new Request("http://localhost/api/pt/usage.csv", { headers: { cookie: bobCookie } }),
      ctx,
    );
    expect((await bob.text()).includes("bob-model")).toBe(true);
  });

  it("GET /api/pt/usage.csv refuses anonymous callers and bad months with a JSON 4xx", async () => {
    const anon = await usageCsvGET(new Request("http://localhost/api/pt/usage.csv"), ctx);
    expect(anon.status).toBe(401);
    for (const month of ["2026-13", "x", "2026-01%00", "9".repeat(5000)]) {
      const res = await usageCsvGET(
        new Request(`http://localhost/api/pt/usage.csv?month=${month}`, { headers: { cookie: aliceCookie } }),
        ctx,
      );
      expect([400, 422]).toContain(res.status);
      expect(await res.json()).toMatchObject({ error: { code: expect.any(String) } });
    }
  });
});
