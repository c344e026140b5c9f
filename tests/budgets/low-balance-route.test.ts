// GET/PUT /api/account/low-balance with real Requests and a real session cookie on a test database:
// off by default, set, turn off, the field error on bad input (422, never 500), no session → 401.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, PUT } from "@/app/api/account/low-balance/route";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createUser, ctx } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

let cookie = "";
const url = "http://localhost/api/account/low-balance";
const put = (body: unknown) =>
  new Request(url, {
    method: "PUT",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(body),
  });

describe("/api/account/low-balance", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => db.cleanup());

  it("is off by default, is set and turned off, and refuses bad input on its field", async () => {
    const userId = await createUser(p, { plan: "free" });
    cookie = (await sessionCookie(p, userId)).cookie;
    const read = async () => (await GET(new Request(url, { headers: { cookie } }), ctx())).json();
    expect(await read()).toEqual({ thresholdPt: null, firedAt: null });
    const saved = await PUT(put({ thresholdPt: "25000" }), ctx());
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ thresholdPt: "25000", firedAt: null });
    expect(await read()).toMatchObject({ thresholdPt: "25000" });
    for (const bad of [{ thresholdPt: "0" }, { thresholdPt: "-5" }, { thresholdPt: 12 }, {}, { x: 1 }]) {
      const res = await PUT(put(bad), ctx());
      expect([400, 422]).toContain(res.status);
      expect((await res.json()).error.code).toMatch(/validation|bad_request/);
    }
    expect((await PUT(put({ thresholdPt: null }), ctx())).status).toBe(200);
    expect(await read()).toEqual({ thresholdPt: null, firedAt: null });
    cookie = "";
    expect((await PUT(put({ thresholdPt: "1" }), ctx())).status).toBe(401);
  });
});
