// GET/PUT /api/chat/settings with real Requests against a test database: set, clear, the zod
// field error, a cap above the plan's refused on the field, and no session → 401. The caller is a
// real session cookie on the test database installed as the app's (no mocked principal or db).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, PUT } from "@/app/api/chat/settings/route";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { createUser, ctx } from "./helpers";

// The caller: a real session cookie (signIn), or none.
let cookie = "";

function put(body: unknown): Request {
  return new Request("http://localhost/api/chat/settings", {
    method: "PUT",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(body),
  });
}

describe("/api/chat/settings", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => {
    await db.cleanup();
  });

  async function signIn() {
    const userId = await createUser(p, { plan: "free" });
    cookie = (await sessionCookie(p, userId)).cookie;
    return userId;
  }

  it("sets a cap below the plan's, reads it back, then clears it", async () => {
    const userId = await signIn();
    const saved = await PUT(put({ dailyPtCap: "1500" }), ctx());
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      userDailyPtCap: "1500",
      dailyPtCap: "1500",
      planDailyPtCap: "20000",
    });
    const read = await GET(new Request("http://localhost/api/chat/settings", { headers: { cookie } }), ctx());
    expect(await read.json()).toMatchObject({ userDailyPtCap: "1500", spentToday: "0" });
    const cleared = await PUT(put({ dailyPtCap: null }), ctx());
    expect(await cleared.json()).toMatchObject({ userDailyPtCap: null, dailyPtCap: "20000" });
    expect((await p.chatSettings.findUniqueOrThrow({ where: { userId } })).dailyPtCap).toBeNull();
  });

  it("answers field errors for a malformed cap and for one above the plan's", async () => {
    const userId = await signIn();
    const zero = await PUT(put({ dailyPtCap: "0" }), ctx());
    expect(zero.status).toBe(422);
    expect(await zero.json()).toMatchObject({
      error: { code: "validation_failed", details: [{ path: "dailyPtCap" }] },
    });
    const above = await PUT(put({ dailyPtCap: "20001" }), ctx());
    expect(above.status).toBe(422);
    expect(await above.json()).toMatchObject({
      error: { details: [{ path: "dailyPtCap", message: "At most your plan's cap of 20,000 PT." }] },
    });
    expect(await p.chatSettings.findUnique({ where: { userId } })).toBeNull();
    const equal = await PUT(put({ dailyPtCap: "20000" }), ctx());
    expect(equal.status).toBe(200);
  });

  it("refuses a request without a session", async () => {
    cookie = "";
    const response = await PUT(put({ dailyPtCap: "100" }), ctx());
    expect(response.status).toBe(401);
  });
});
