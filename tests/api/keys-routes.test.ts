// /api/account/api-keys through the real route handlers: the secret is answered once (prefixed,
// stored only as a hash), limits above the plan's and bad input are 4xx that change nothing,
// another user's key is 404, create and revoke are audited and mailed, revocation is immediate.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashSecret } from "@/lib/api/secrets";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { APP, appFetch } from "./helpers";

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

const keys = await import("@/app/api/account/api-keys/route");
const keyById = await import("@/app/api/account/api-keys/[id]/route");
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const jsonRequest = (method: string, body?: unknown) =>
  new Request("http://localhost/api/account/api-keys", {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("/api/account/api-keys", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
  });
  afterAll(async () => db.cleanup());

  async function as(plan: "free" | "pro" | "max" = "pro") {
    const userId = await createUser(p, { plan });
    state.principal = { kind: "user", userId, emailVerified: true };
    return userId;
  }

  it("creates a key: the secret once, prefixed, stored as its hash; audited and mailed", async () => {
    const userId = await as();
    const res = await keys.POST(
      jsonRequest("POST", { name: "CI bot", budgetPt: "5000", monthlyBudgetPt: 1000, scopes: ["chat"] }),
      ctx(),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      secret: string;
      key: { id: string; budgetPt: string; lastFour: string };
    };
    expect(body.secret).toMatch(/^lc_test_[0-9A-Za-z]{40}$/);
    expect(body.key.budgetPt).toBe("5000");
    expect(body.key.lastFour).toBe(body.secret.slice(-4));
    const row = await p.apiKey.findUniqueOrThrow({ where: { id: body.key.id } });
    expect(row.secretHash).toBe(hashSecret(body.secret));
    expect(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
      body.secret.slice(8),
    );
    const list = await (await keys.GET(jsonRequest("GET"), ctx())).text();
    expect(list).toContain(body.key.id);
    expect(list).not.toContain(body.secret);
    expect(list).not.toContain(row.secretHash);
    expect(
      await p.auditLog.count({ where: { actorId: userId, action: "api_key.create", targetId: row.id } }),
    ).toBe(1);
    expect(await p.emailOutbox.count({ where: { userId, dedupeKey: `api-key-created:${row.id}` } })).toBe(1);
  });

  it("refuses limits above the plan's and bad input with 4xx, changing nothing", async () => {
    const userId = await as("free");
    for (const bad of [
      { name: "x", requestsPerMinute: 11 },
      { name: "x", concurrentRequests: 2 },
      { name: "" },
      { name: "x", scopes: ["admin"] },
      { name: "x", budgetPt: "-5" },
      { name: "x", budgetPt: 1.5 },
      { name: "x", expiresAt: "2001-01-01T00:00:00Z" },
      { name: "x", secretHash: "abc" },
    ]) {
      const res = await keys.POST(jsonRequest("POST", bad), ctx());
      expect(res.status, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(bad)).toBeLessThan(500);
    }
    expect(await p.apiKey.count({ where: { userId } })).toBe(0);
    const ok = await keys.POST(
      jsonRequest("POST", { name: "x", requestsPerMinute: 10, concurrentRequests: 1 }),
      ctx(),
    );
    expect(ok.status).toBe(201);
  });

  it("edits and revokes only the owner's keys: another user's id is 404", async () => {
    await as();
    const created = (await (await keys.POST(jsonRequest("POST", { name: "mine" }), ctx())).json()) as {
      key: { id: string };
      secret: string;
    };
    const owner = state.principal;
    await as();
    const foreignPatch = await keyById.PATCH(
      jsonRequest("PATCH", { name: "stolen" }),
      ctx({ id: created.key.id }),
    );
    expect(foreignPatch.status).toBe(404);
    const foreignDelete = await keyById.DELETE(jsonRequest("DELETE"), ctx({ id: created.key.id }));
    expect(foreignDelete.status).toBe(404);
    expect((await p.apiKey.findUniqueOrThrow({ where: { id: created.key.id } })).revokedAt).toBeNull();

    state.principal = owner;
    const patched = await keyById.PATCH(
      jsonRequest("PATCH", { name: "renamed", budgetPt: null }),
      ctx({ id: created.key.id }),
    );
    expect(patched.status).toBe(200);
    expect((await p.apiKey.findUniqueOrThrow({ where: { id: created.key.id } })).name).toBe("renamed");
    // The key works until revoked, and not after.
    const call = () =>
      appFetch(`${APP}/v1/models`, { headers: { authorization: `Bearer ${created.secret}` } });
    expect((await call()).status).toBe(200);
    const revoked = await keyById.DELETE(jsonRequest("DELETE"), ctx({ id: created.key.id }));
    expect(revoked.status).toBe(200);
    expect((await call()).status).toBe(401);
    // Revoking again changes nothing and mails nothing more.
    await keyById.DELETE(jsonRequest("DELETE"), ctx({ id: created.key.id }));
    expect(await p.auditLog.count({ where: { action: "api_key.revoke", targetId: created.key.id } })).toBe(1);
    expect(await p.emailOutbox.count({ where: { dedupeKey: `api-key-revoked:${created.key.id}` } })).toBe(1);
    const bad = await keyById.DELETE(jsonRequest("DELETE"), ctx({ id: "not-a-uuid" }));
    expect(bad.status).toBe(404);
  });

  it("refuses without a session", async () => {
    state.principal = null;
    expect((await keys.GET(jsonRequest("GET"), ctx())).status).toBe(401);
  });
});
