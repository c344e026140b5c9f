// The record of /v1 requests, through the real route handlers: an owner sees only its own requests
// (per key, model, tokens, PT charged, status, duration), paged and filtered; another user's key id
// finds nothing; a bad query is a 422 that reads nothing; admins see everyone's, users get 403.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createUser, grant, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { APP, appFetch, newKey } from "./helpers";

const state = vi.hoisted(() => ({
  principal: null as null | { kind: "user"; userId: string; emailVerified: boolean; role?: string },
  prisma: null as unknown,
}));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () =>
    state.principal ? { role: "USER", status: "active", twoFactorEnabled: true, ...state.principal } : null,
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const own = await import("@/app/api/account/api-requests/route");
const admin = await import("@/app/api/admin/api-requests/route");
const keyById = await import("@/app/api/account/api-keys/[id]/route");
const ctx = { params: Promise.resolve({}) };
const get = (path: string) => new Request(`http://localhost${path}`);

type Page = {
  items: { id: string; keyId: string; keyName: string; model: string; status: string; ptCharged: string }[];
  total: number;
  pages: number;
  page: number;
};

describe("API request records", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  const ask = (client: OpenAI, content: string) =>
    client.chat.completions.create({ model: "fake-model", messages: [{ role: "user", content }] });

  async function owner(requests: number) {
    const userId = await createUser(p, { plan: "pro" });
    await grant(p, { kind: "user", userId }, 100_000n);
    const key = await newKey(p, userId, { name: `key of ${userId.slice(0, 4)}` });
    const client = new OpenAI({ apiKey: key.secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    for (let i = 0; i < requests; i++)
      await client.chat.completions.create({
        model: "fake-model",
        messages: [{ role: "user", content: `hi ${i}` }],
      });
    return { userId, keyId: key.id, client };
  }

  it("an owner lists its own requests, paged, with the charge; never another user's", async () => {
    const a = await owner(3);
    const b = await owner(1);
    state.principal = { kind: "user", userId: a.userId, emailVerified: true };
    const res = await own.GET(get("/api/account/api-requests?size=10&page=1"), ctx);
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page.total).toBe(3);
    const charged = await p.apiKey.findUniqueOrThrow({ where: { id: a.keyId } });
    const sum = page.items.reduce((s, r) => s + BigInt(r.ptCharged), 0n);
    expect(sum).toBe(charged.spentPt);
    expect(page.items.every((r) => r.keyId === a.keyId && r.status === "complete")).toBe(true);
    expect(page.items[0]?.keyName).toBe(`key of ${a.userId.slice(0, 4)}`);

    // Paging: 3 requests at 10 a page is one page; page 2 is empty.
    const second = (await (
      await own.GET(get("/api/account/api-requests?size=10&page=2"), ctx)
    ).json()) as Page;
    expect(second.items).toEqual([]);

    // Another user's key id in the filter finds nothing.
    const other = (await (
      await own.GET(get(`/api/account/api-requests?keyId=${b.keyId}`), ctx)
    ).json()) as Page;
    expect(other.total).toBe(0);
  });

  it("a bad query is a 422 with the field, not a database error", async () => {
    const a = await owner(0);
    state.principal = { kind: "user", userId: a.userId, emailVerified: true };
    for (const q of ["size=7", "sort=secretHash", "status=done", "keyId=nope", "page=0"]) {
      const res = await own.GET(get(`/api/account/api-requests?${q}`), ctx);
      expect(res.status, q).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
  });

  it("admins list every user's requests and filter by user; a user is refused", async () => {
    const a = await owner(2);
    state.principal = { kind: "user", userId: a.userId, emailVerified: true };
    expect((await admin.GET(get("/api/admin/api-requests"), ctx)).status).toBe(403);
    const adminId = await createUser(p);
    state.principal = { kind: "user", userId: adminId, emailVerified: true, role: "ADMIN" };
    const all = (await (await admin.GET(get("/api/admin/api-requests?size=100"), ctx)).json()) as Page;
    expect(all.total).toBeGreaterThanOrEqual(6);
    const one = (await (
      await admin.GET(get(`/api/admin/api-requests?userId=${a.userId}`), ctx)
    ).json()) as Page;
    expect(one.total).toBe(2);
  });

  it("stores request bodies only while the key's owner has logging on", async () => {
    const a = await owner(1);
    state.principal = { kind: "user", userId: a.userId, emailVerified: true };
    const toggle = (logBodies: unknown) =>
      keyById.PATCH(
        new Request(`http://localhost/api/account/api-keys/${a.keyId}`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ logBodies }),
        }),
        { params: Promise.resolve({ id: a.keyId }) },
      );
    expect((await toggle("yes")).status).toBe(422);
    expect((await toggle(true)).status).toBe(200);
    await ask(a.client, "remember this");
    expect((await toggle(false)).status).toBe(200);
    await ask(a.client, "but not this");
    const rows = await p.apiRequest.findMany({
      where: { keyId: a.keyId },
      orderBy: { createdAt: "asc" },
      select: { requestBody: true },
    });
    expect(rows.map((r) => JSON.stringify(r.requestBody ?? null))).toEqual([
      "null",
      expect.stringContaining("remember this"),
      "null",
    ]);
  });
});
