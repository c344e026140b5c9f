// The /api/pt routes: each user sees only their own account. Each caller is a real session cookie,
// on the test database installed as the app's (no mocked principal or db).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as balanceGET } from "@/app/api/pt/balance/route";
import { POST as estimatePOST } from "@/app/api/pt/estimate/route";
import { GET as ledgerGET } from "@/app/api/pt/ledger/route";
import { GET as csvGET } from "@/app/api/pt/ledger.csv/route";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { grantCredits } from "@/lib/ledger/grants";
import { csvField } from "@/lib/ledger/history";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { seedPrices } from "@/lib/pricing/seed-prices";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

// The caller: a real session cookie of a user (as), or none.
let cookie = "";
const cookies = new Map<string, string>();

const ctx = { params: Promise.resolve({}) };
const get = (path: string) => new Request(`http://localhost${path}`, { headers: { cookie } });

describe("PT routes", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  const alice = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
    for (const id of [alice, bob]) {
      await p.user.create({ data: { id, email: `${id}@test.local`, emailVerifiedAt: new Date() } });
      cookies.set(id, (await sessionCookie(p, id)).cookie);
    }
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
    cookie = "";
    expect((await balanceGET(get("/api/pt/balance"), ctx)).status).toBe(401);
    expect((await csvGET(get("/api/pt/ledger.csv"), ctx)).status).toBe(401);
  });

  it("shows the caller's own balance only", async () => {
    cookie = cookies.get(alice) ?? "";
    const mine = await (await balanceGET(get("/api/pt/balance"), ctx)).json();
    expect(mine).toEqual({
      available: "880",
      posted: "880",
      pending: "0",
      debt: "0",
      grants: [{ source: "purchase", remaining: "880", expiresAt: null }],
    });
    cookie = cookies.get(bob) ?? "";
    expect((await (await balanceGET(get("/api/pt/balance"), ctx)).json()).available).toBe("7");
  });

  it("estimates, and refuses unknown models with 422 price_unknown", async () => {
    cookie = cookies.get(alice) ?? "";
    const post = (body: unknown) =>
      estimatePOST(
        new Request("http://localhost/api/pt/estimate", {
          method: "POST",
          headers: { "content-type": "application/json", cookie },
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
    cookie = cookies.get(alice) ?? "";
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
    cookie = cookies.get(bob) ?? "";
    const bobs = await (await ledgerGET(get("/api/pt/ledger"), ctx)).json();
    expect(bobs.items).toHaveLength(1);
  });

  it("exports CSV per RFC 4180 with formula injection neutralised", async () => {
    cookie = cookies.get(alice) ?? "";
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
