// GET/PUT /api/chat/settings with real Requests against a test database: set, clear, the zod
// field error, a cap above the plan's refused on the field, and no session → 401.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { createUser, ctx } from "./helpers";

const state = vi.hoisted(() => ({
  principal: null as null | { kind: "user"; userId: string; emailVerified: boolean },
  prisma: null as unknown,
}));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () =>
    state.principal ? { role: "USER", status: "active", twoFactorEnabled: false, ...state.principal } : null,
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const { GET, PUT } = await import("@/app/api/chat/settings/route");

function put(body: unknown): Request {
  return new Request("http://localhost/api/chat/settings", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("/api/chat/settings", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
  });
  afterAll(async () => {
    await db.cleanup();
  });

  async function signIn() {
    const userId = await createUser(p, { plan: "free" });
    state.principal = { kind: "user", userId, emailVerified: true };
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
    const read = await GET(new Request("http://localhost/api/chat/settings"), ctx());
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
    state.principal = null;
    const response = await PUT(put({ dailyPtCap: "100" }), ctx());
    expect(response.status).toBe(401);
  });
});
