// Cookie-authenticated state changes from another site are refused with 403 forbidden_origin in
// every wrapper and change nothing; our own origin (APP_URL or the request's Host), safe methods
// and requests without our cookies (Stripe, cron, non-browser clients) are untouched.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PATCH as patchAccount } from "@/app/api/account/route";
import { DELETE as endOtherSessions } from "@/app/api/account/sessions/route";
import { POST as replayWebhook } from "@/app/api/admin/webhooks/[id]/replay/route";
import { PATCH as renameConversation } from "@/app/api/conversations/[id]/route";
import { POST as createGuest } from "@/app/api/guest/route";
import { POST as notificationsRead } from "@/app/api/notifications/route";
import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";
import { guestCookieName } from "@/lib/auth/config";
import { signGuestId } from "@/lib/auth/guests";
import { resetEnvForTests } from "@/lib/env";
import { withCron } from "@/lib/http/wrappers";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { createUser, installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let db: TestDatabase;
let userId = "";
let userCookie = "";
let otherSessionId = "";
let adminCookie = "";
let guestCookie = "";
let guestConversationId = "";
const EVIL = "https://evil.example";
const SOME_ID = "00000000-0000-4000-8000-000000000001";

beforeAll(async () => {
  setupAuthEnv({ CRON_SECRET: "cron-secret-for-tests-0123456789" });
  db = await createTestDatabase();
  installAppDb(db.prisma);
  const user = await createUser(db.prisma);
  userId = user.id;
  await db.prisma.user.update({ where: { id: userId }, data: { name: "Before" } });
  userCookie = (await sessionCookie(db.prisma, userId)).cookie;
  otherSessionId = (await sessionCookie(db.prisma, userId)).sessionId;
  const admin = await createUser(db.prisma, { role: "ADMIN" });
  await db.prisma.user.update({ where: { id: admin.id }, data: { twoFactorEnabledAt: new Date() } });
  adminCookie = (await sessionCookie(db.prisma, admin.id)).cookie;
  const guest = await db.prisma.guest.create({ data: { ipHash: "test" } });
  guestCookie = `${guestCookieName()}=${signGuestId(guest.id)}`;
  guestConversationId = (
    await db.prisma.conversation.create({ data: { guestId: guest.id, title: "Kept", model: "demo" } })
  ).id;
});
afterAll(async () => {
  delete process.env.CRON_SECRET;
  resetEnvForTests();
  await db?.cleanup();
});
beforeEach(() => resetRateLimiterForTests());

function call(
  handler: Handler,
  init: {
    method: string;
    cookie?: string;
    origin?: string;
    site?: string;
    host?: string;
    body?: string;
    type?: string;
    auth?: string;
    params?: Record<string, string>;
  },
) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.origin) headers.origin = init.origin;
  if (init.site) headers["sec-fetch-site"] = init.site;
  if (init.host) headers.host = init.host;
  if (init.auth) headers.authorization = init.auth;
  if (init.body !== undefined) headers["content-type"] = init.type ?? "application/json";
  return handler(new Request("http://app.test/api/x", { method: init.method, headers, body: init.body }), {
    params: Promise.resolve(init.params ?? {}),
  });
}

async function expectForbiddenOrigin(response: Response) {
  expect(response.status).toBe(403);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden_origin");
}

describe("withUser", () => {
  const rename = (name: string, extra: { origin?: string; site?: string; host?: string } = {}) =>
    call(patchAccount, { method: "PATCH", cookie: userCookie, body: JSON.stringify({ name }), ...extra });

  it("refuses PATCH /api/account from a foreign Origin or a cross-site fetch, and renames nothing", async () => {
    await expectForbiddenOrigin(await rename("Evil", { origin: EVIL, site: "cross-site" }));
    await expectForbiddenOrigin(await rename("Evil", { origin: EVIL }));
    await expectForbiddenOrigin(await rename("Evil", { site: "cross-site" }));
    await expectForbiddenOrigin(await rename("Evil", { origin: "null" }));
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } });
    expect(user.name).toBe("Before");
  });

  it("refuses DELETE /api/account/sessions and a text/plain POST /api/notifications from a foreign origin", async () => {
    await expectForbiddenOrigin(
      await call(endOtherSessions, { method: "DELETE", cookie: userCookie, origin: EVIL }),
    );
    const other = await db.prisma.session.findUniqueOrThrow({ where: { id: otherSessionId } });
    expect(other.revokedAt).toBeNull();
    await expectForbiddenOrigin(
      await call(notificationsRead, {
        method: "POST",
        cookie: userCookie,
        origin: EVIL,
        body: "x",
        type: "text/plain",
      }),
    );
  });

  it("accepts our own origin (APP_URL or the request's Host) and clients that send no Origin", async () => {
    expect((await rename("Own", { origin: "http://app.test", site: "same-origin" })).status).toBe(200);
    expect((await rename("Host", { origin: "http://localhost:3202", host: "localhost:3202" })).status).toBe(
      200,
    );
    expect((await rename("Cli")).status).toBe(200);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } });
    expect(user.name).toBe("Cli");
  });
});

describe("withAdmin", () => {
  it("refuses a replay from a foreign origin before looking the event up", async () => {
    const replay = (origin: string) =>
      call(replayWebhook, { method: "POST", cookie: adminCookie, origin, params: { id: SOME_ID } });
    await expectForbiddenOrigin(await replay(EVIL));
    expect((await replay("http://app.test")).status).toBe(404);
  });
});

describe("withGuestOrUser", () => {
  it("refuses a guest's rename from a foreign origin and keeps the title", async () => {
    const rename = (origin: string) =>
      call(renameConversation, {
        method: "PATCH",
        cookie: guestCookie,
        origin,
        body: JSON.stringify({ title: "Renamed" }),
        params: { id: guestConversationId },
      });
    await expectForbiddenOrigin(await rename(EVIL));
    const kept = await db.prisma.conversation.findUniqueOrThrow({ where: { id: guestConversationId } });
    expect(kept.title).toBe("Kept");
    expect((await rename("http://app.test")).status).toBe(200);
  });
});

describe("withPublic", () => {
  it("a Stripe webhook (no cookie) is judged by its signature, whatever its Origin", async () => {
    const response = await call(stripeWebhook, {
      method: "POST",
      origin: EVIL,
      site: "cross-site",
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "webhook_signature_invalid",
    );
  });

  it("a public route reached with our guest cookie from a foreign origin is refused too", async () => {
    await expectForbiddenOrigin(
      await call(createGuest, { method: "POST", cookie: guestCookie, origin: EVIL }),
    );
  });
});

describe("withCron", () => {
  it("a Bearer call carries no cookie and is accepted from any origin", async () => {
    const job = withCron({ db: false }, async () => ({ ran: true }));
    const response = await call(job, {
      method: "POST",
      origin: EVIL,
      site: "cross-site",
      auth: "Bearer cron-secret-for-tests-0123456789",
    });
    expect(response.status).toBe(200);
  });

  it("safe methods are never refused for their origin", async () => {
    const job = withCron({ db: false }, async () => ({ ran: true }));
    const response = await call(job, {
      method: "GET",
      cookie: userCookie,
      origin: EVIL,
      auth: "Bearer cron-secret-for-tests-0123456789",
    });
    expect(response.status).toBe(200);
  });
});
