// One-click unsubscribe and the preferences API through their route handlers on real Postgres:
// the signed token works without a session or same-origin headers (RFC 8058 POSTs come from the
// mail provider), forged or altered tokens are refused with 400, GET changes nothing, essential
// categories cannot be turned off, and an opt-out makes the worker skip queued mail.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as getPrefs, PUT as putPrefs } from "@/app/api/account/email-preferences/route";
import { GET as getUnsub, POST as postUnsub } from "@/app/api/email/unsubscribe/route";
import { enqueueEmail } from "@/lib/email/enqueue";
import { processOutbox } from "@/lib/email/process-outbox";
import { unsubscribeToken } from "@/lib/email/unsubscribe-token";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createUser, installAppDb, sessionCookie, setupAuthEnv, TEST_SECRET } from "@/tests/auth/helpers";
import { ctx, freshCaches, get, type Handler } from "@/tests/compliance/helpers";
import { createFakeEmailProvider } from "@/tests/fakes/email-provider";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

let db: TestDatabase;
let p: PrismaClient;

beforeAll(async () => {
  setupAuthEnv();
  db = await createTestDatabase();
  p = db.prisma;
  installAppDb(p);
});
afterAll(async () => db.cleanup());
beforeEach(() => freshCaches());

/** A one-click POST as a mail provider sends it: form body, no cookie, a foreign origin. */
function oneClick(token: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://app.test/api/email/unsubscribe?token=${encodeURIComponent(token)}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "https://mail.example.net",
      "x-forwarded-for": "198.51.100.9",
      ...headers,
    },
    body: "List-Unsubscribe=One-Click",
  });
}

const optOuts = (userId: string) =>
  p.emailOptOut.findMany({ where: { userId }, select: { category: true, source: true } });

describe("one-click unsubscribe", () => {
  it("turns the token's category off without a session, idempotently", async () => {
    const user = await createUser(p);
    const token = unsubscribeToken(user.id, "billing");
    const first = await (postUnsub as Handler)(oneClick(token), ctx);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      unsubscribed: true,
      category: "billing",
      label: "Receipts and subscription notices",
    });
    const again = await (postUnsub as Handler)(oneClick(token), ctx);
    expect(again.status).toBe(200);
    expect(await optOuts(user.id)).toEqual([{ category: "billing", source: "unsubscribe-link" }]);
  });

  it("works with the user's own session cookie and a cross-site origin too (it only turns mail off)", async () => {
    const user = await createUser(p);
    const { cookie } = await sessionCookie(p, user.id);
    const response = await (postUnsub as Handler)(
      oneClick(unsubscribeToken(user.id, "product"), { cookie, "sec-fetch-site": "cross-site" }),
      ctx,
    );
    expect(response.status).toBe(200);
    expect(await optOuts(user.id)).toEqual([{ category: "product", source: "unsubscribe-link" }]);
  });

  it("refuses forged, altered, essential-category and malformed tokens with 400 and writes nothing", async () => {
    const user = await createUser(p);
    const other = await createUser(p);
    const good = unsubscribeToken(user.id, "billing");
    const sig = good.split(".")[2] as string;
    const bad = [
      `${other.id}.billing.${sig}`, // another user's id under this signature
      `${user.id}.usage.${sig}`, // another category
      `${user.id}.security.${sig}`, // essential: never a valid token
      `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`,
      `${good}.extra`,
      "not-a-token",
    ];
    for (const token of bad) {
      const response = await (postUnsub as Handler)(oneClick(token), ctx);
      expect(response.status, token).toBe(400);
      expect((await response.json()).error.code).toBe("bad_request");
    }
    // A token signed with another secret (another deployment) is refused as well.
    setupAuthEnv({ NEXTAUTH_SECRET: `${TEST_SECRET}-other` });
    const foreign = unsubscribeToken(user.id, "billing");
    setupAuthEnv();
    expect((await (postUnsub as Handler)(oneClick(foreign), ctx)).status).toBe(400);
    const missing = await (postUnsub as Handler)(
      new Request("http://app.test/api/email/unsubscribe", { method: "POST" }),
      ctx,
    );
    expect(missing.status).toBe(422);
    expect(await p.emailOptOut.count({ where: { userId: { in: [user.id, other.id] } } })).toBe(0);
  });

  it("GET changes nothing and sends a person to the confirmation page", async () => {
    const user = await createUser(p);
    const token = unsubscribeToken(user.id, "billing");
    const response = await (getUnsub as Handler)(
      get(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`),
      ctx,
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe("/unsubscribe");
    expect(location.searchParams.get("token")).toBe(token);
    expect(await optOuts(user.id)).toEqual([]);
  });

  it("a browser's native form post (no scripts) returns to the page, done", async () => {
    const user = await createUser(p);
    const token = unsubscribeToken(user.id, "usage");
    const response = await (postUnsub as Handler)(
      oneClick(token, { accept: "text/html,*/*", "sec-fetch-mode": "navigate", origin: "http://app.test" }),
      ctx,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toContain("done=1");
    expect(await optOuts(user.id)).toEqual([{ category: "usage", source: "unsubscribe-link" }]);
  });

  it("an opt-out applies to mail already queued: the worker records it as skipped", async () => {
    const user = await createUser(p);
    const { id } = await enqueueEmail(p, {
      to: user.email,
      template: "notice",
      category: "usage",
      userId: user.id,
      data: { subject: "Your balance is low", paragraphs: ["You have 100 PT left."] },
    });
    await (postUnsub as Handler)(oneClick(unsubscribeToken(user.id, "usage")), ctx);
    const provider = createFakeEmailProvider();
    expect(await processOutbox(p, { provider, now: new Date(Date.now() + 1_000) })).toMatchObject({
      skipped: 1,
      sent: 0,
    });
    expect(provider.calls.filter((c) => c.to === user.email)).toEqual([]);
    expect(await p.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "skipped" });
  });
});

describe("preferences API", () => {
  const put = (cookie: string, body: unknown) =>
    (putPrefs as Handler)(
      new Request("http://app.test/api/account/email-preferences", {
        method: "PUT",
        headers: { "content-type": "application/json", origin: "http://app.test", cookie },
        body: JSON.stringify(body),
      }),
      ctx,
    );

  it("lists every category, turns optional ones off and on, and refuses turning off essential ones", async () => {
    const user = await createUser(p);
    const { cookie } = await sessionCookie(p, user.id);
    const initial = await (
      await (getPrefs as Handler)(get("/api/account/email-preferences", cookie), ctx)
    ).json();
    expect(
      initial.preferences.map((c: { category: string; essential: boolean; enabled: boolean }) => [
        c.category,
        c.essential,
        c.enabled,
      ]),
    ).toEqual([
      ["security", true, true],
      ["account", true, true],
      ["billing", false, true],
      ["usage", false, true],
      ["product", false, true],
    ]);

    const off = await put(cookie, { billing: false, product: false });
    expect(off.status).toBe(200);
    const enabled = (body: { preferences: { category: string; enabled: boolean }[] }) =>
      Object.fromEntries(body.preferences.map((c) => [c.category, c.enabled]));
    expect(enabled(await off.json())).toMatchObject({ billing: false, product: false, usage: true });
    expect(enabled(await (await put(cookie, { billing: true })).json())).toMatchObject({
      billing: true,
      product: false,
    });

    for (const body of [{ security: false }, { account: false }]) {
      const refused = await put(cookie, body);
      expect(refused.status).toBe(422);
      expect(JSON.stringify(await refused.json())).toMatch(/cannot be turned off/);
    }
    expect((await put(cookie, { marketing: false })).status).toBe(422);
    expect((await put(cookie, { billing: "no" })).status).toBe(422);
    // Turning an essential category "on" is harmless and stores nothing.
    expect((await put(cookie, { security: true })).status).toBe(200);
    expect((await optOuts(user.id)).map((o) => o.category)).toEqual(["product"]);
  });

  it("needs a session; another user's preferences are untouched", async () => {
    const a = await createUser(p);
    const b = await createUser(p);
    expect((await (getPrefs as Handler)(get("/api/account/email-preferences"), ctx)).status).toBe(401);
    const { cookie } = await sessionCookie(p, a.id);
    await put(cookie, { usage: false });
    expect(await optOuts(b.id)).toEqual([]);
  });
});
