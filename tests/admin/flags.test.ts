// Feature flags on real Postgres through their admin API with real session cookies: precedence
// (admin override > FEATURE_FLAGS > default), the cache (a change on this instance applies at
// once, another instance's within FLAG_CACHE_MS), the audit row, bad input refused with a 4xx and
// nothing written, non-admins refused; and the public_api flag shipping the API dark: /v1 answers
// OpenAI's 404 (the official client raises NotFoundError), the key routes and the reference 404.
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as keysGET } from "@/app/api/account/api-keys/route";
import { GET, POST } from "@/app/api/admin/flags/route";
import { GET as openApiGET } from "@/app/api/openapi.json/route";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { seedPrices } from "@/lib/pricing/seed-prices";
import { FLAG_CACHE_MS, forgetFlags, isEnabled, writeFlagOverrides } from "@/lib/settings/flags";
import { APP, appFetch, newKey } from "@/tests/api/helpers";
import { installAppDb, setupAuthEnv } from "@/tests/auth/helpers";
import { ctx, freshCaches, get, post, signedIn } from "@/tests/compliance/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

type Flag = { name: string; effective: boolean; source: string; env?: boolean; override?: boolean };

describe("feature flags", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let user: Awaited<ReturnType<typeof signedIn>>;

  const setFlag = (body: unknown, cookie = admin.cookie) => POST(post("/api/admin/flags", body, cookie), ctx);
  async function listed(name: string): Promise<Flag> {
    const res = await GET(get("/api/admin/flags", admin.cookie), ctx);
    expect(res.status).toBe(200);
    const { flags } = (await res.json()) as { flags: Flag[] };
    return flags.find((f) => f.name === name) as Flag;
  }
  function withEnv(value: string | undefined): void {
    if (value === undefined) delete process.env.FEATURE_FLAGS;
    else process.env.FEATURE_FLAGS = value;
    resetEnvForTests();
    forgetFlags();
  }

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
    await seedPrices(p);
    admin = await signedIn(p, "ADMIN");
    user = await signedIn(p);
  });
  afterAll(async () => {
    withEnv(undefined);
    await db.cleanup();
  });
  beforeEach(async () => {
    freshCaches();
    withEnv(undefined);
    await p.operatorSetting.deleteMany();
    await p.auditLog.deleteMany();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("precedence: default, then FEATURE_FLAGS, then the admin override; clearing returns to the env", async () => {
    expect(await isEnabled("teams")).toBe(true);
    expect(await listed("teams")).toMatchObject({ effective: true, source: "default" });

    withEnv("teams=off");
    expect(await isEnabled("teams")).toBe(false);
    expect(await listed("teams")).toMatchObject({ effective: false, source: "env", env: false });

    const on = await setFlag({ name: "teams", enabled: true });
    expect(on.status).toBe(200);
    expect(((await on.json()) as { flag: Flag }).flag).toMatchObject({ effective: true, source: "admin" });
    expect(await isEnabled("teams")).toBe(true);

    const off = await setFlag({ name: "teams", enabled: false });
    expect(off.status).toBe(200);
    expect(await isEnabled("teams")).toBe(false);
    expect(await listed("teams")).toMatchObject({ effective: false, source: "admin", override: false });

    withEnv("teams=on");
    expect(await isEnabled("teams")).toBe(false); // the admin's off beats the env's on

    expect((await setFlag({ name: "teams", enabled: null })).status).toBe(200);
    expect(await isEnabled("teams")).toBe(true);
    expect(await listed("teams")).toMatchObject({ effective: true, source: "env" });
  });

  it("is cached: another instance's change shows within the TTL, this instance's at once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-01T12:00:00Z"));
    expect(await isEnabled("public_api")).toBe(true);
    // Another instance turns it off: this one keeps its cached value until the TTL passes.
    await writeFlagOverrides(p, { public_api: false }, admin.id);
    vi.setSystemTime(new Date(Date.now() + FLAG_CACHE_MS - 1));
    expect(await isEnabled("public_api")).toBe(true);
    vi.setSystemTime(new Date(Date.now() + 1));
    expect(await isEnabled("public_api")).toBe(false);
    // A change through this instance is seen at once (no waiting for the TTL).
    expect((await setFlag({ name: "public_api", enabled: true })).status).toBe(200);
    expect(await isEnabled("public_api")).toBe(true);
  });

  it("audits every change with the actor, the request id and before/after", async () => {
    withEnv("public_api=on");
    const res = await setFlag({ name: "public_api", enabled: false });
    expect(res.status).toBe(200);
    const rows = await p.auditLog.findMany({ where: { action: "settings.flag", targetId: "public_api" } });
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row?.actorId).toBe(admin.id);
    expect(row?.targetType).toBe("feature_flag");
    expect(row?.requestId).toBe(res.headers.get("x-request-id"));
    expect(row?.before).toEqual({ override: null, effective: true, source: "env" });
    expect(row?.after).toEqual({ override: false, effective: false, source: "admin" });
  });

  it("refuses anonymous callers, users and admins without 2FA, and changes nothing", async () => {
    expect((await setFlag({ name: "public_api", enabled: false }, "")).status).toBe(401);
    const asUser = await setFlag({ name: "public_api", enabled: false }, user.cookie);
    expect(asUser.status).toBe(403);
    expect((await GET(get("/api/admin/flags", user.cookie), ctx)).status).toBe(403);
    const no2fa = await signedIn(p, "USER");
    await p.user.update({ where: { id: no2fa.id }, data: { role: "ADMIN" } });
    const res = await setFlag({ name: "public_api", enabled: false }, no2fa.cookie);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("two_factor_required");
    expect(await p.operatorSetting.count()).toBe(0);
    expect(await p.auditLog.count({ where: { action: "settings.flag" } })).toBe(0);
    expect(await isEnabled("public_api")).toBe(true);
  });

  it("answers bad input with a 4xx JSON error and writes nothing", async () => {
    for (const body of [
      { name: "public-api", enabled: false },
      { name: "teams", enabled: "off" },
      { name: "teams" },
      { name: "teams", enabled: true, extra: 1 },
      "not json",
      [],
    ]) {
      const res = await setFlag(body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
    expect(await p.operatorSetting.count()).toBe(0);
  });

  it("public_api off: /v1 answers OpenAI's 404, key routes and the reference 404; on again, they answer", async () => {
    const key = await newKey(p, user.id);
    const client = new OpenAI({ apiKey: key.secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    expect((await client.models.list()).data.length).toBeGreaterThan(0);

    expect((await setFlag({ name: "public_api", enabled: false })).status).toBe(200);
    const res = await appFetch(`${APP}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        message: "This feature is not enabled on this server.",
        type: "invalid_request_error",
        code: "not_found",
        param: null,
      },
    });
    await expect(
      client.chat.completions.create({ model: "demo", messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await appFetch(`${APP}/v1/anything`, { method: "POST" })).status).toBe(404);
    expect((await keysGET(get("/api/account/api-keys", user.cookie), ctx)).status).toBe(404);
    expect((await openApiGET(get("/api/openapi.json"), ctx)).status).toBe(404);
    // Nothing was spent or recorded while it was off.
    expect(await p.apiRequest.count()).toBe(0);

    expect((await setFlag({ name: "public_api", enabled: null })).status).toBe(200);
    expect((await client.models.list()).data.length).toBeGreaterThan(0);
    expect((await keysGET(get("/api/account/api-keys", user.cookie), ctx)).status).toBe(200);
  });
});
