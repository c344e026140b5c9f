// Accounts through the real HTTP endpoints of the production build: sign-up → verify →
// sign-in via next-auth (/api/auth/csrf + /api/auth/callback/credentials), revocation,
// throttling, reset, guests and bad input.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { PASSWORD, signInApi, signUpApi, uniqueEmail, uniqueIp, verifyApi } from "./support/accounts";
import { mailLink, tokenOf } from "./support/mailbox";

async function client(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL: string | undefined,
  ip = uniqueIp(),
) {
  return playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": ip } });
}

test("sign-up → verify → sign-in through next-auth's endpoints sets a hardened session cookie", async ({
  playwright,
  baseURL,
}) => {
  const api = await client(playwright, baseURL);
  const email = uniqueEmail("api");
  await signUpApi(api, email);
  expect((await api.get("/api/account")).status()).toBe(401);

  const signIn = await signInApi(api, { email, password: PASSWORD });
  expect(signIn.error).toBeNull();
  expect(signIn.setCookie).toMatch(/ledgerchat\.session=[^;]+;.*HttpOnly/i);
  expect(signIn.setCookie).toMatch(/ledgerchat\.session=[^;]+;.*SameSite=Lax/i);
  const unverified = (await (await api.get("/api/account")).json()) as {
    email: string;
    emailVerified: boolean;
  };
  expect(unverified).toMatchObject({ email, emailVerified: false });

  await verifyApi(api, email);
  const verified = (await (await api.get("/api/account")).json()) as { emailVerified: boolean };
  expect(verified.emailVerified).toBe(true);
  await api.dispose();
});

test("a revoked session is refused on its next request; log out everywhere keeps only this one", async ({
  playwright,
  baseURL,
}) => {
  const email = uniqueEmail("revoke");
  const a = await client(playwright, baseURL);
  const b = await client(playwright, baseURL);
  const c = await client(playwright, baseURL);
  await signUpApi(a, email);
  for (const ctx of [a, b, c]) expect((await signInApi(ctx, { email, password: PASSWORD })).error).toBeNull();

  const { sessions } = (await (await a.get("/api/account/sessions")).json()) as {
    sessions: { id: string; current: boolean }[];
  };
  expect(sessions).toHaveLength(3);
  const bSessions = (await (await b.get("/api/account/sessions")).json()) as {
    sessions: { id: string; current: boolean }[];
  };
  const bId = bSessions.sessions.find((s) => s.current)?.id ?? "";

  expect((await a.delete(`/api/account/sessions/${bId}`)).status()).toBe(200);
  expect((await b.get("/api/account")).status()).toBe(401);
  expect((await c.get("/api/account")).status()).toBe(200);

  const all = await a.delete("/api/account/sessions");
  expect(await all.json()).toEqual({ revoked: 1 });
  expect((await c.get("/api/account")).status()).toBe(401);
  expect((await a.get("/api/account")).status()).toBe(200);

  // Signing out revokes the session server-side too, not just the cookie.
  const aCookies = await a.storageState();
  const { csrfToken } = (await (await a.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await a.post("/api/auth/signout", { form: { csrfToken, json: "true" } });
  const replay = await playwright.request.newContext({ baseURL, storageState: aCookies });
  expect((await replay.get("/api/account")).status()).toBe(401);
  for (const ctx of [a, b, c, replay]) await ctx.dispose();
});

test("failures are throttled; a password reset unlocks the account and ends every other session", async ({
  playwright,
  baseURL,
}) => {
  const email = uniqueEmail("lock");
  const owner = await client(playwright, baseURL);
  await signUpApi(owner, email);
  expect((await signInApi(owner, { email, password: PASSWORD })).error).toBeNull();

  // An attacker from several addresses (each under its per-IP limit).
  const errors: (string | null)[] = [];
  for (let i = 0; i < 6; i++) {
    const attacker = await client(playwright, baseURL);
    errors.push((await signInApi(attacker, { email, password: "not the password" })).error);
    await attacker.dispose();
  }
  expect(errors.slice(0, 5)).toEqual(Array(5).fill("invalid_credentials"));
  expect(errors[5]).toBe("throttled");
  // Even the right password waits out the delay.
  const during = await client(playwright, baseURL);
  expect((await signInApi(during, { email, password: PASSWORD })).error).toMatch(/throttled|locked/);

  // Reset by email: same answer for unknown addresses, link works once, lock lifted.
  const forgotOwn = await owner.post("/api/auth/password/forgot", { data: { email } });
  const forgotGhost = await owner.post("/api/auth/password/forgot", {
    data: { email: uniqueEmail("ghost") },
  });
  expect(forgotOwn.status()).toBe(202);
  expect(await forgotOwn.json()).toEqual(await forgotGhost.json());
  const token = tokenOf(await mailLink(owner, email, "password-reset"));
  expect(
    (
      await owner.post("/api/auth/password/reset", { data: { token, password: "new lamp otter 99" } })
    ).status(),
  ).toBe(200);
  expect(
    (await owner.post("/api/auth/password/reset", { data: { token, password: "other lamp 77 x" } })).status(),
  ).toBe(400);

  expect((await owner.get("/api/account")).status()).toBe(401);
  expect((await signInApi(during, { email, password: "new lamp otter 99" })).error).toBeNull();
  expect((await during.get("/api/account")).status()).toBe(200);
  await owner.dispose();
  await during.dispose();
});

test("next-auth endpoints refuse bad input without creating a session", async ({ playwright, baseURL }) => {
  const api = await client(playwright, baseURL);
  const noCsrf = await api.post("/api/auth/callback/credentials", {
    form: { email: "a@example.com", password: "whatever", json: "true" },
  });
  expect(noCsrf.headers()["set-cookie"] ?? "").not.toContain("ledgerchat.session=");
  const huge = await api.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: `email=a@example.com&password=${"x".repeat(20_000)}`,
  });
  expect(huge.status()).toBe(413);
  for (const form of [
    { email: "", password: "" },
    { email: "x".repeat(500), password: "y" },
    { email: "not-an-email", password: "z" },
  ]) {
    const answer = await signInApi(api, form);
    expect(answer.error).toBe("invalid_credentials");
    expect(answer.setCookie).not.toContain("ledgerchat.session=");
  }
  expect((await api.get("/api/account")).status()).toBe(401);
  await api.dispose();
});

test("a guest gets a signed cookie once and signing up consumes it", async ({ playwright, baseURL }) => {
  const api = await client(playwright, baseURL);
  const first = await api.post("/api/guest");
  expect(first.status()).toBe(201);
  expect(first.headers()["set-cookie"]).toMatch(/ledgerchat\.guest=.+HttpOnly; SameSite=Lax/);
  const again = await api.post("/api/guest");
  expect(again.status()).toBe(200);
  const signUp = await api.post("/api/auth/sign-up", {
    data: { email: uniqueEmail("guest"), password: PASSWORD, acceptLegal: true },
  });
  expect(signUp.status()).toBe(202);
  expect(signUp.headers()["set-cookie"]).toMatch(/ledgerchat\.guest=;.*Max-Age=0/);
  await api.dispose();
});
