// The /api/pt routes: each user sees only their own account. Accounts (issue 4) are not merged yet,
// so resolveUser is mocked to act as a given user; getDb returns the test database's client.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { grantCredits } from "@/lib/ledger/grants";
import { csvField } from "@/lib/ledger/history";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { seedPrices } from "@/lib/pricing/seed-prices";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const state = vi.hoisted(() => ({ userId: null as string | null, prisma: null as unknown }));

vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () =>
    state.userId
      ? {
          kind: "user",
          userId: state.userId,
          role: "USER",
          status: "active",
          twoFactorEnabled: false,
          emailVerified: true,
        }
      : null,
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const { GET: balanceGET } = await import("@/app/api/pt/balance/route");
const { POST: estimatePOST } = await import("@/app/api/pt/estimate/route");
const { GET: ledgerGET } = await import("@/app/api/pt/ledger/route");
const { GET: csvGET } = await import("@/app/api/pt/ledger.csv/route");

const ctx = { params: Promise.resolve({}) };
const get = (path: string) => new Request(`http://localhost${path}`);

describe("PT routes", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  const alice = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    await seedPrices(p);
    await grantCredits(p, {
      account: { kind: "user", userId: alice },
      amount: 1_000n,
      source: "purchase",
      key: randomUUID(),
    });
    await grantCredits(p, {
      account: { kind: "user", userId: bob },
      amount: 7n,
      source: "promo",
      key: randomUUID(),
    });
    for (let i = 0; i < 3; i++) {
      const hold = await reserve(p, {
        account: { kind: "user", userId: alice },
        amount: 100n,
        key: randomUUID(),
        ttlSeconds: 60,
      });
      await settle(p, {
        holdId: hold.holdId,
        actual: 40n,
        metadata: { model: i === 0 ? '=HYPERLINK("x")' : "demo", inputTokens: 12, outputTokens: 30 },
      });
    }
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("refuses anonymous callers", async () => {
    state.userId = null;
    expect((await balanceGET(get("/api/pt/balance"), ctx)).status).toBe(401);
    expect((await csvGET(get("/api/pt/ledger.csv"), ctx)).status).toBe(401);
  });

  it("shows the caller's own balance only", async () => {
    state.userId = alice;
    const mine = await (await balanceGET(get("/api/pt/balance"), ctx)).json();
    expect(mine).toEqual({
      available: "880",
      posted: "880",
      pending: "0",
      debt: "0",
      grants: [{ source: "purchase", remaining: "880", expiresAt: null }],
    });
    state.userId = bob;
    expect((await (await balanceGET(get("/api/pt/balance"), ctx)).json()).available).toBe("7");
  });

  it("estimates, and refuses unknown models with 422 price_unknown", async () => {
    state.userId = alice;
    const post = (body: unknown) =>
      estimatePOST(
        new Request("http://localhost/api/pt/estimate", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        ctx,
      );
    const ok = await post({
      model: "demo",
      messages: [{ role: "user", content: "hello world" }],
      maxOutputTokens: 100,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ pt: "6", inputTokens: 9, maxOutputTokens: 100 }); // 9 × 0.015 + 100 × 0.06 = 6.135;
    const unknown = await post({ model: "nope", messages: [{ role: "user", content: "x" }] });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.code).toBe("price_unknown");
    expect((await post({ model: "demo", messages: [] })).status).toBe(422);
  });

  it("pages the statement with a stable cursor", async () => {
    state.userId = alice;
    const first = await (await ledgerGET(get("/api/pt/ledger?limit=2"), ctx)).json();
    expect(
      first.items.map((i: { kind: string; amount: string; balanceAfter: string }) => [
        i.kind,
        i.amount,
        i.balanceAfter,
      ]),
    ).toEqual([
      ["usage", "-40", "880"],
      ["usage", "-40", "920"],
    ]);
    expect(first.items[0]).toMatchObject({ model: "demo", inputTokens: 12, outputTokens: 30 });
    const second = await (
      await ledgerGET(get(`/api/pt/ledger?limit=2&cursor=${first.nextCursor}`), ctx)
    ).json();
    expect(second.items.map((i: { kind: string; amount: string }) => [i.kind, i.amount])).toEqual([
      ["usage", "-40"],
      ["purchase", "1000"],
    ]);
    expect(second.nextCursor).toBeNull();
    expect((await ledgerGET(get("/api/pt/ledger?cursor=abc"), ctx)).status).toBe(422);
    state.userId = bob;
    const bobs = await (await ledgerGET(get("/api/pt/ledger"), ctx)).json();
    expect(bobs.items).toHaveLength(1);
  });

  it("exports CSV per RFC 4180 with formula injection neutralised", async () => {
    state.userId = alice;
    const response = await csvGET(get("/api/pt/ledger.csv"), ctx);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const text = await response.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(
      "date,kind,amount_pt,balance_after_pt,model,input_tokens,output_tokens,transaction_id",
    );
    expect(lines).toHaveLength(6); // header, 4 entries, trailing empty after the final CRLF
    expect(text).toContain(`,-40,960,"'=HYPERLINK(""x"")",12,30,`);
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField(-5n, { text: false })).toBe("-5");
  });
});
