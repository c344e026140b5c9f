// Sign-up → verify → sign-in, lockout after repeated failures, and unlock by password reset,
// against a real database (Postgres with TEST_DATABASE_URL, else PGlite).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountKey, ipKey } from "@/lib/auth/lockout";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { getActiveSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { signUp } from "@/lib/auth/sign-up";
import { confirmEmail } from "@/lib/auth/verify-email";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { createUser, installAppDb, outbox, setupAuthEnv, tokenFromMail, uniqueEmail } from "./helpers";

let db: TestDatabase;
let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  setupAuthEnv();
  db = await createTestDatabase();
  installAppDb(db.prisma);
});
afterAll(async () => db?.cleanup());

describe("sign-up and email verification", () => {
  it("creates an unverified user with a hashed single-use verification token", async () => {
    const email = uniqueEmail("signup");
    const userId = await signUp(db.prisma, { email, password: "tangerine otter 42", name: "Jane" });
    expect(userId).toBeTruthy();
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);

    const token = await tokenFromMail(db.prisma, email, "verify-email");
    const stored = await db.prisma.authToken.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toBe(token);
    expect(stored[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23.9 * 3600_000);

    // Unverified users can sign in.
    const signedIn = await signInWithPassword(db.prisma, {
      email,
      password: "tangerine otter 42",
      ip: nextIp(),
    });
    expect(signedIn.ok).toBe(true);

    await confirmEmail(db.prisma, token);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();
    await expect(confirmEmail(db.prisma, token)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("answers a taken address exactly like a new one and changes nothing", async () => {
    const existing = await createUser(db.prisma);
    const before = await db.prisma.user.findUniqueOrThrow({ where: { email: existing.email } });
    expect(
      await signUp(db.prisma, { email: existing.email, password: "another good passphrase" }),
    ).toBeNull();
    const after = await db.prisma.user.findUniqueOrThrow({ where: { email: existing.email } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(await outbox(db.prisma, existing.email)).toHaveLength(0);
  });

  it("refuses common passwords and expired verification links", async () => {
    await expect(signUp(db.prisma, { email: uniqueEmail(), password: "password123" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    const email = uniqueEmail("expired");
    await signUp(db.prisma, { email, password: "tangerine otter 42" });
    const token = await tokenFromMail(db.prisma, email, "verify-email");
    await db.prisma.authToken.updateMany({
      where: { email },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(confirmEmail(db.prisma, token)).rejects.toMatchObject({ code: "bad_request" });
  });
});

describe("throttling and lockout", () => {
  it("delays, then locks after 10 failures, mails an unlock link; a reset unlocks and ends sessions", async () => {
    const user = await createUser(db.prisma);
    const ip = nextIp();
    const good = await signInWithPassword(db.prisma, { email: user.email, password: user.password, ip });
    if (!good.ok) throw new Error("sign-in failed");

    let now = Date.now();
    const results: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await signInWithPassword(
        db.prisma,
        { email: user.email, password: "wrong password!", ip },
        new Date(now),
      );
      results.push(r.ok ? "ok" : r.error);
      now += 20_000; // past every delay before the lock
    }
    expect(results.slice(0, 9).every((r) => r === "invalid_credentials")).toBe(true);
    expect(results[9]).toBe("locked");

    // During a delay even the right password is refused without being checked.
    const throttleRow = await db.prisma.authThrottle.findUniqueOrThrow({
      where: { key: accountKey(user.email) },
    });
    expect(throttleRow.failures).toBe(10);
    const locked = await signInWithPassword(
      db.prisma,
      { email: user.email, password: user.password, ip },
      new Date(now),
    );
    expect(locked).toMatchObject({ ok: false, error: "locked" });
    expect(locked.ok === false && locked.retryAfterSeconds).toBeGreaterThan(800);

    // The owner got an unlock (reset) link; using it lifts the lock and ends every session.
    const mails = await outbox(db.prisma, user.email, "account-locked");
    expect(mails).toHaveLength(1);
    const token = await tokenFromMail(db.prisma, user.email, "account-locked");
    await resetPassword(db.prisma, { token, password: "a brand new passphrase" });
    expect(
      (await outbox(db.prisma, user.email, "notice")).map((m) => (m.data as { subject?: string }).subject),
    ).toEqual(["Your {product} password was changed"]);
    expect(await db.prisma.authThrottle.findUnique({ where: { key: accountKey(user.email) } })).toBeNull();
    expect(await getActiveSession(db.prisma, good.sessionId, user.id, new Date(now))).toBeNull();
    const revoked = await db.prisma.session.findUniqueOrThrow({ where: { id: good.sessionId } });
    expect(revoked.revokedReason).toBe("password_reset");

    const after = await signInWithPassword(db.prisma, {
      email: user.email,
      password: "a brand new passphrase",
      ip: nextIp(),
    });
    expect(after.ok).toBe(true);
    // The link was single-use.
    await expect(
      resetPassword(db.prisma, { token, password: "yet another passphrase" }),
    ).rejects.toMatchObject({
      code: "bad_request",
    });
  });

  it("throttles unknown addresses the same way (no account enumeration)", async () => {
    const email = uniqueEmail("nobody");
    const ip = nextIp();
    let now = Date.now();
    let last = "";
    for (let i = 0; i < 10; i++) {
      const r = await signInWithPassword(db.prisma, { email, password: "whatever it is", ip }, new Date(now));
      last = r.ok ? "ok" : r.error;
      now += 20_000;
    }
    expect(last).toBe("locked");
  });

  it("blocks an IP after 30 failures so it cannot lock many accounts", async () => {
    const ip = nextIp();
    const victims = await Promise.all([1, 2, 3, 4].map(() => createUser(db.prisma)));
    let now = Date.now();
    for (let i = 0; i < 30; i++) {
      const victim = victims[i % 4];
      if (!victim) throw new Error("no victim");
      await signInWithPassword(
        db.prisma,
        { email: victim.email, password: "guess guess", ip },
        new Date(now),
      );
      now += 1_000;
    }
    const ipRow = await db.prisma.authThrottle.findUniqueOrThrow({ where: { key: ipKey(ip) } });
    expect(ipRow.blockedUntil?.getTime()).toBeGreaterThan(now);
    const fresh = await createUser(db.prisma);
    const refused = await signInWithPassword(
      db.prisma,
      { email: fresh.email, password: fresh.password, ip },
      new Date(now),
    );
    expect(refused).toMatchObject({ ok: false, error: "throttled" });
    // The refusal did not count against the account itself.
    expect(await db.prisma.authThrottle.findUnique({ where: { key: accountKey(fresh.email) } })).toBeNull();
    // From another address the account works.
    expect(
      (await signInWithPassword(db.prisma, { email: fresh.email, password: fresh.password, ip: nextIp() }))
        .ok,
    ).toBe(true);
  });
});

describe("password reset", () => {
  it("mails a 30-minute link only for existing addresses and refuses a weak new password without spending it", async () => {
    const user = await createUser(db.prisma);
    await requestPasswordReset(db.prisma, user.email);
    await requestPasswordReset(db.prisma, uniqueEmail("ghost"));
    const mails = await outbox(db.prisma, user.email, "password-reset");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.data).toMatchObject({ expiresMinutes: 30 });
    const token = await tokenFromMail(db.prisma, user.email, "password-reset");
    await expect(resetPassword(db.prisma, { token, password: "password1" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    await resetPassword(db.prisma, { token, password: "violet kettle drum" });
    expect(
      (
        await signInWithPassword(db.prisma, {
          email: user.email,
          password: "violet kettle drum",
          ip: nextIp(),
        })
      ).ok,
    ).toBe(true);
  });

  it("refuses an expired link", async () => {
    const user = await createUser(db.prisma);
    await requestPasswordReset(db.prisma, user.email);
    const token = await tokenFromMail(db.prisma, user.email, "password-reset");
    await db.prisma.authToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    await expect(resetPassword(db.prisma, { token, password: "violet kettle drum" })).rejects.toMatchObject({
      code: "bad_request",
    });
  });
});
