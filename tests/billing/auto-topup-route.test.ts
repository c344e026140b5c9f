// GET/PUT /api/billing/auto-topup with real Requests and a real session cookie (test mode): the
// packs offered, 409 without a saved card, saved and read back, field errors (422, never 500),
// no session → 401.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, PUT } from "@/app/api/billing/auto-topup/route";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createUser, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

let cookie = "";
const url = "http://localhost/api/billing/auto-topup";
const ctx = () => ({ params: Promise.resolve({}) });
const put = (body: unknown) =>
  new Request(url, {
    method: "PUT",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(body),
  });
const on = { enabled: true, thresholdPt: "20000", pack: "small", maxPerDay: 2 };

describe("/api/billing/auto-topup", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  beforeAll(async () => {
    setupAuthEnv();
    useTestModeEnv({ APP_URL: "http://app.test" });
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => db.cleanup());

  it("offers the packs, needs a saved card, saves, and refuses bad input on its fields", async () => {
    const userId = await createUser(p);
    cookie = (await sessionCookie(p, userId)).cookie;
    const first = await (await GET(new Request(url, { headers: { cookie } }), ctx())).json();
    expect(first).toMatchObject({ enabled: false, thresholdPt: null, unavailable: null });
    expect(first.packs.map((x: { id: string }) => x.id)).toEqual(["small", "medium", "large"]);

    const noCard = await PUT(put(on), ctx());
    expect(noCard.status).toBe(409);
    expect((await noCard.json()).error.message).toMatch(/saved card/);

    await p.billingCustomer.create({ data: { userId, stripeCustomerId: `cus_${userId.slice(0, 8)}` } });
    await p.payment.create({
      data: {
        userId,
        kind: "topup",
        sourceId: `cs_${userId}`,
        amountMinor: 500n,
        currency: "usd",
        pt: 1n,
        description: "x",
      },
    });
    const saved = await PUT(put(on), ctx());
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      enabled: true,
      thresholdPt: "20000",
      pack: "small",
      maxPerDay: 2,
    });

    for (const bad of [
      { ...on, maxPerDay: 0 },
      { ...on, maxPerDay: 2.5 },
      { ...on, pack: "huge" },
      { ...on, thresholdPt: "0" },
      { ...on, thresholdPt: 5 },
      { enabled: true },
      { ...on, extra: 1 },
    ]) {
      const res = await PUT(put(bad), ctx());
      expect([400, 422]).toContain(res.status);
    }
    cookie = "";
    expect((await PUT(put(on), ctx())).status).toBe(401);
  });
});
