// /api/account/webhooks and /api/admin/webhooks-out through the real route handlers with real
// session cookies: the secret is answered once, bad input is a 4xx that changes nothing, another
// owner's ids are 404 (a user's endpoint is not the operator's and the reverse), user endpoints
// take only their own events, and Send test / the log / Retry work through the routes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { createUser, installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { type Receiver, startReceiver } from "./receiver";

setupAuthEnv({ OUTGOING_WEBHOOK_ALLOW_LOOPBACK: "1" });
const userList = await import("@/app/api/account/webhooks/route");
const userOne = await import("@/app/api/account/webhooks/[id]/route");
const userRotate = await import("@/app/api/account/webhooks/[id]/rotate-secret/route");
const userTest = await import("@/app/api/account/webhooks/[id]/test/route");
const userLog = await import("@/app/api/account/webhooks/[id]/deliveries/route");
const userRetry = await import("@/app/api/account/webhooks/deliveries/[id]/retry/route");
const adminList = await import("@/app/api/admin/webhooks-out/route");
const adminOne = await import("@/app/api/admin/webhooks-out/[id]/route");

type Made = { secret: string; endpoint: { id: string }; error: { code: string } };
type Handler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (
  handler: Handler,
  cookie: string,
  init: { method: string; body?: unknown; params?: Record<string, string> },
) =>
  handler(
    new Request("http://app.test/api/x", {
      method: init.method,
      headers: { cookie, origin: "http://app.test", "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
    { params: Promise.resolve(init.params ?? {}) },
  );

describe("webhook endpoint routes", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let rx: Receiver;
  let alice = "";
  let bob = "";
  let admin = "";

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
    rx = await startReceiver();
    alice = (await sessionCookie(p, (await createUser(p)).id)).cookie;
    bob = (await sessionCookie(p, (await createUser(p)).id)).cookie;
    const a = await createUser(p, { role: "ADMIN" });
    await p.user.update({ where: { id: a.id }, data: { twoFactorEnabledAt: new Date() } });
    admin = (await sessionCookie(p, a.id)).cookie;
  });
  afterAll(async () => {
    await rx.close();
    await db.cleanup();
  });
  beforeEach(() => resetRateLimiterForTests());

  async function create(cookie: string, body: unknown, handler: Handler = userList.POST) {
    const res = await call(handler, cookie, { method: "POST", body });
    return { status: res.status, body: (await res.json()) as Made };
  }

  it("creates an endpoint with its whsec_ secret once; lists it without the secret", async () => {
    const made = await create(alice, { url: rx.url, events: ["balance.low", "payment.failed"] });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const list = await (await call(userList.GET, alice, { method: "GET" })).text();
    expect(list).toContain(made.body.endpoint.id);
    expect(list).not.toContain(made.body.secret.slice(6));
    expect(await (await call(userList.GET, bob, { method: "GET" })).json()).toEqual({ endpoints: [] });
  });

  it("refuses bad input with a 4xx JSON error and writes nothing", async () => {
    const before = await p.webhookEndpoint.count();
    for (const body of [
      { url: "ftp://x.test/", events: ["balance.low"] },
      { url: "http://169.254.169.254/latest", events: ["balance.low"] },
      { url: "http://10.0.0.1/hook", events: ["balance.low"] },
      { url: rx.url, events: [] },
      { url: rx.url, events: ["no.such"] },
      { url: rx.url, events: ["margin.alert"] },
      { url: rx.url, events: ["balance.low"], extra: 1 },
      "not an object",
    ]) {
      const res = await create(alice, body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.code).toMatch(/validation_failed|bad_request|invalid/);
    }
    expect(await p.webhookEndpoint.count()).toBe(before);
  });

  it("answers 404 for another owner's endpoint or delivery, and changes nothing", async () => {
    const { body } = await create(alice, { url: rx.url, events: ["balance.low"] });
    const id = body.endpoint.id as string;
    const params = { id };
    for (const [handler, method] of [
      [userOne.PATCH, "PATCH"],
      [userOne.DELETE, "DELETE"],
      [userRotate.POST, "POST"],
      [userTest.POST, "POST"],
      [userLog.GET, "GET"],
    ] as const) {
      const res = await call(handler, bob, {
        method,
        params,
        body: method === "PATCH" ? { enabled: false } : undefined,
      });
      expect(res.status, method).toBe(404);
    }
    // The operator's routes do not see a user's endpoint either.
    expect((await call(adminOne.DELETE, admin, { method: "DELETE", params })).status).toBe(404);
    expect(
      (await call(adminOne.PATCH, admin, { method: "PATCH", params, body: { enabled: false } })).status,
    ).toBe(404);
    const row = await p.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(row.enabled).toBe(true);
    // A user on the admin routes is refused.
    expect((await call(adminList.GET, alice, { method: "GET" })).status).toBe(403);
  });

  it("sends a test event, shows it in the log, retries a failure by hand", async () => {
    const { body } = await create(alice, { url: rx.url, events: ["balance.low"] });
    rx.secrets.push(body.secret);
    const params = { id: body.endpoint.id };
    rx.replies.push({ status: 500, body: "down" });
    const tested = await (await call(userTest.POST, alice, { method: "POST", params })).json();
    expect(tested.delivery).toMatchObject({
      eventType: "webhook.test",
      status: "failed",
      lastStatusCode: 500,
    });
    const log = await (await call(userLog.GET, alice, { method: "GET", params })).json();
    expect(log.deliveries[0].log[0]).toMatchObject({ attempt: 1, statusCode: 500, responseExcerpt: "down" });
    // Bob cannot retry Alice's delivery.
    const deliveryId = tested.delivery.id as string;
    expect((await call(userRetry.POST, bob, { method: "POST", params: { id: deliveryId } })).status).toBe(
      404,
    );
    const retried = await (
      await call(userRetry.POST, alice, { method: "POST", params: { id: deliveryId } })
    ).json();
    expect(retried.delivery.status).toBe("delivered");
    expect(retried.delivery.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 204]);
    expect(rx.received.at(-1)?.verifiedWith).toEqual([rx.secrets.length - 1]);
    // A delivered one cannot be retried.
    expect((await call(userRetry.POST, alice, { method: "POST", params: { id: deliveryId } })).status).toBe(
      409,
    );
  });

  it("lets admins manage operator endpoints with operator events", async () => {
    const made = await create(
      admin,
      { url: rx.url, events: ["margin.alert", "balance.low"] },
      adminList.POST,
    );
    expect(made.status).toBe(201);
    const row = await p.webhookEndpoint.findUniqueOrThrow({ where: { id: made.body.endpoint.id } });
    expect(row.userId).toBeNull();
    expect(await p.auditLog.count({ where: { action: "operator_webhook.create", targetId: row.id } })).toBe(
      1,
    );
    // Alice does not see it.
    expect(await (await call(userList.GET, alice, { method: "GET" })).text()).not.toContain(row.id);
  });

  it("refuses a loopback URL when loopback targets are off", async () => {
    setupAuthEnv({ OUTGOING_WEBHOOK_ALLOW_LOOPBACK: "0" });
    try {
      const res = await create(alice, { url: rx.url, events: ["balance.low"] });
      expect(res.status).toBe(422);
    } finally {
      process.env.OUTGOING_WEBHOOK_ALLOW_LOOPBACK = "1";
      resetEnvForTests();
    }
  });
});
