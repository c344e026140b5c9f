// The accounts HTTP endpoints with bad input: malformed bodies, oversized fields and wrong types
// answer 4xx JSON and write nothing; account endpoints refuse anonymous callers; withAdmin
// demands 2FA; a user cannot touch another user's session.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as changeEmail } from "@/app/api/account/email/route";
import { POST as changePasswordRoute } from "@/app/api/account/password/route";
import { GET as getAccountRoute, PATCH as patchAccount } from "@/app/api/account/route";
import { DELETE as deleteSession } from "@/app/api/account/sessions/[id]/route";
import { DELETE as deleteOthers, GET as listSessionsRoute } from "@/app/api/account/sessions/route";
import { POST as enableTwoFactorRoute } from "@/app/api/account/two-factor/enable/route";
import { POST as setupTwoFactor } from "@/app/api/account/two-factor/setup/route";
import { POST as forgot } from "@/app/api/auth/password/forgot/route";
import { POST as reset } from "@/app/api/auth/password/reset/route";
import { POST as signUpRoute } from "@/app/api/auth/sign-up/route";
import { POST as verifyEmailRoute } from "@/app/api/auth/verify-email/route";
import { POST as guestRoute } from "@/app/api/guest/route";
import { guestCookieName } from "@/lib/auth/config";
import { createGuest, signGuestId } from "@/lib/auth/guests";
import { withAdmin } from "@/lib/http/wrappers";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { createUser, installAppDb, sessionCookie, setupAuthEnv } from "./helpers";

let db: TestDatabase;
let ipN = 0;

beforeAll(async () => {
  setupAuthEnv();
  db = await createTestDatabase();
  installAppDb(db.prisma);
});
afterAll(async () => db?.cleanup());
beforeEach(() => resetRateLimiterForTests());

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

function call(
  handler: Handler,
  init: {
    method?: string;
    body?: string;
    contentType?: string;
    cookie?: string;
    params?: Record<string, string>;
  } = {},
) {
  ipN += 1;
  const headers: Record<string, string> = { "x-forwarded-for": `10.9.${Math.floor(ipN / 250)}.${ipN % 250}` };
  if (init.body !== undefined) headers["content-type"] = init.contentType ?? "application/json";
  if (init.cookie) headers.cookie = init.cookie;
  const request = new Request("http://app.test/api/x", {
    method: init.method ?? "POST",
    body: init.body,
    headers,
  });
  return handler(request, { params: Promise.resolve(init.params ?? {}) });
}

const BAD_BODIES: [string, string, string?][] = [
  ["malformed JSON", "{not json"],
  ["empty body", ""],
  ["JSON null", "null"],
  ["an array", "[1,2]"],
  [
    "wrong types",
    JSON.stringify({ email: 5, password: true, token: 1, name: [], newPassword: {}, currentPassword: 0 }),
  ],
  [
    "a huge field",
    JSON.stringify({ email: `${"a".repeat(100_000)}@example.com`, password: "x".repeat(100) }),
  ],
  ["form encoding", "email=a@b.co&password=xxxxxxxxxx", "application/x-www-form-urlencoded"],
];

async function expect4xx(response: Response) {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.status, "refused by validation, not by the rate limiter").not.toBe(429);
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = (await response.json()) as { error?: { code?: string } };
  expect(body.error?.code).toBeTruthy();
}

async function rowCounts() {
  const [users, tokens, sessions, mails, guests] = await Promise.all([
    db.prisma.user.count(),
    db.prisma.authToken.count(),
    db.prisma.session.count(),
    db.prisma.emailOutbox.count(),
    db.prisma.guest.count(),
  ]);
  return { users, tokens, sessions, mails, guests };
}

describe("public auth endpoints refuse bad input and write nothing", () => {
  const endpoints: [string, Handler][] = [
    ["sign-up", signUpRoute as Handler],
    ["verify-email", verifyEmailRoute as Handler],
    ["forgot", forgot as Handler],
    ["reset", reset as Handler],
  ];
  for (const [name, handler] of endpoints) {
    it(`${name}`, async () => {
      const before = await rowCounts();
      for (const [, body, type] of BAD_BODIES)
        await expect4xx(await call(handler, { body, contentType: type }));
      expect(await rowCounts()).toEqual(before);
    });
  }

  it("sign-up: refuses invalid fields specifically", async () => {
    const before = await rowCounts();
    const cases = [
      { email: "not-an-email", password: "tangerine otter 42", acceptLegal: true },
      { email: "a@example.com", password: "short", acceptLegal: true },
      { email: "a@example.com", password: "x".repeat(300), acceptLegal: true },
      { email: "a@example.com", password: "password123", acceptLegal: true },
      { email: "a@example.com", password: "tangerine otter 42", name: "n".repeat(500), acceptLegal: true },
      { email: "a@example.com", password: "tangerine otter 42", role: "ADMIN", acceptLegal: true },
      // The Terms and Privacy Policy must be accepted: missing or false is refused.
      { email: "a@example.com", password: "tangerine otter 42" },
      { email: "a@example.com", password: "tangerine otter 42", acceptLegal: false },
    ];
    for (const body of cases) {
      const response = await call(signUpRoute as Handler, { body: JSON.stringify(body) });
      expect(response.status).toBe(422);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("sign-up answers 202 the same for a new and a taken address", async () => {
    const existing = await createUser(db.prisma);
    const a = await call(signUpRoute as Handler, {
      body: JSON.stringify({ email: existing.email, password: "tangerine otter 42", acceptLegal: true }),
    });
    const b = await call(signUpRoute as Handler, {
      body: JSON.stringify({
        email: "brand-new@example.com",
        password: "tangerine otter 42",
        acceptLegal: true,
      }),
    });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(await a.json()).toEqual(await b.json());
  });

  it("sign-up with a guest cookie keeps the guest's conversations (chat's conversion hook)", async () => {
    const { guestId } = await createGuest(db.prisma, { ip: "198.51.100.9" });
    const kept = await db.prisma.conversation.create({ data: { guestId, title: "Kept", model: "demo" } });
    const email = "guest-keeps-chats@example.com";
    const response = await call(signUpRoute as Handler, {
      body: JSON.stringify({ email, password: "tangerine otter 42", acceptLegal: true }),
      cookie: `${guestCookieName()}=${signGuestId(guestId)}`,
    });
    expect(response.status).toBe(202);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: kept.id } });
    expect(row.userId).toBe(user.id);
  });

  it("verify-email and reset refuse unknown tokens with 400", async () => {
    const token = "A".repeat(43);
    expect((await call(verifyEmailRoute as Handler, { body: JSON.stringify({ token }) })).status).toBe(400);
    expect(
      (await call(reset as Handler, { body: JSON.stringify({ token, password: "tangerine otter 42" }) }))
        .status,
    ).toBe(400);
  });
});

describe("account endpoints", () => {
  it("refuse anonymous callers with 401", async () => {
    for (const handler of [getAccountRoute, listSessionsRoute, deleteOthers] as Handler[]) {
      expect((await call(handler, { method: "GET" })).status).toBe(401);
    }
    const body = JSON.stringify({ currentPassword: "x", newPassword: "tangerine otter 42" });
    expect((await call(changePasswordRoute as Handler, { body })).status).toBe(401);
    expect(
      (await call(deleteSession as Handler, { method: "DELETE", params: { id: crypto.randomUUID() } }))
        .status,
    ).toBe(401);
  });

  it("refuse bad input from a signed-in user and change nothing", async () => {
    const user = await createUser(db.prisma);
    const { cookie } = await sessionCookie(db.prisma, user.id);
    const before = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    for (const handler of [
      patchAccount,
      changePasswordRoute,
      changeEmail,
      setupTwoFactor,
      enableTwoFactorRoute,
    ] as Handler[]) {
      resetRateLimiterForTests();
      for (const [, body, type] of BAD_BODIES) {
        await expect4xx(
          await call(handler, {
            method: handler === patchAccount ? "PATCH" : "POST",
            body,
            contentType: type,
            cookie,
          }),
        );
      }
    }
    resetRateLimiterForTests();
    await expect4xx(
      await call(patchAccount as Handler, {
        method: "PATCH",
        body: JSON.stringify({ name: "n".repeat(101) }),
        cookie,
      }),
    );
    await expect4xx(
      await call(changePasswordRoute as Handler, {
        body: JSON.stringify({ currentPassword: user.password, newPassword: "password1" }),
        cookie,
      }),
    );
    await expect4xx(
      await call(enableTwoFactorRoute as Handler, { body: JSON.stringify({ code: "12345a" }), cookie }),
    );
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toEqual(before);
  });

  it("404 on another user's session, 422 on a malformed id", async () => {
    const a = await createUser(db.prisma);
    const b = await createUser(db.prisma);
    const sa = await sessionCookie(db.prisma, a.id);
    const sb = await sessionCookie(db.prisma, b.id);
    const foreign = await call(deleteSession as Handler, {
      method: "DELETE",
      cookie: sa.cookie,
      params: { id: sb.sessionId },
    });
    expect(foreign.status).toBe(404);
    expect((await db.prisma.session.findUniqueOrThrow({ where: { id: sb.sessionId } })).revokedAt).toBeNull();
    const malformed = await call(deleteSession as Handler, {
      method: "DELETE",
      cookie: sa.cookie,
      params: { id: "../etc" },
    });
    expect(malformed.status).toBe(422);
    const own = await call(deleteSession as Handler, {
      method: "DELETE",
      cookie: sa.cookie,
      params: { id: sa.sessionId },
    });
    expect(own.status).toBe(200);
    expect((await call(getAccountRoute as Handler, { method: "GET", cookie: sa.cookie })).status).toBe(401);
  });
});

describe("withAdmin", () => {
  const adminOnly = withAdmin({}, async () => ({ ok: true })) as Handler;

  it("refuses users, and admins without 2FA, and admits admins with 2FA", async () => {
    const user = await createUser(db.prisma);
    const admin = await createUser(db.prisma, { role: "ADMIN" });
    const userCookie = (await sessionCookie(db.prisma, user.id)).cookie;
    const adminCookie = (await sessionCookie(db.prisma, admin.id)).cookie;
    expect((await call(adminOnly, { method: "GET", cookie: userCookie })).status).toBe(403);
    const no2fa = await call(adminOnly, { method: "GET", cookie: adminCookie });
    expect(no2fa.status).toBe(403);
    expect(((await no2fa.json()) as { error: { code: string } }).error.code).toBe("two_factor_required");
    await db.prisma.user.update({ where: { id: admin.id }, data: { twoFactorEnabledAt: new Date() } });
    const fresh = (await sessionCookie(db.prisma, admin.id)).cookie;
    expect((await call(adminOnly, { method: "GET", cookie: fresh })).status).toBe(200);
  });
});

describe("guest endpoint", () => {
  it("creates one guest per cookie and sets a signed HttpOnly cookie", async () => {
    const first = await call(guestRoute as Handler, {});
    expect(first.status).toBe(201);
    const setCookie = first.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      /^ledgerchat\.guest=[0-9a-f-]{36}\.[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax/,
    );
    const cookie = setCookie.split(";")[0] ?? "";
    const again = await call(guestRoute as Handler, { cookie });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { created: boolean }).created).toBe(false);
  });
});
