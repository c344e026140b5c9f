// TOTP enrolment, sign-in with the second factor (no replay), recovery codes, re-authentication
// before sensitive changes, and guest conversion at sign-up.
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changePassword,
  disableTwoFactor,
  enableTwoFactor,
  requestEmailChange,
  startTwoFactorSetup,
} from "@/lib/auth/account";
import { createGuest } from "@/lib/auth/guests";
import { assertCanBuy, assertCanSpend, assertCanUsePaidModels, resolveUser } from "@/lib/auth/principal";
import { createSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { signUp } from "@/lib/auth/sign-up";
import { confirmEmail } from "@/lib/auth/verify-email";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import {
  createUser,
  installAppDb,
  outbox,
  sessionCookie,
  setupAuthEnv,
  tokenFromMail,
  uniqueEmail,
} from "./helpers";

let db: TestDatabase;
let n = 0;
const ip = () => `203.0.113.${++n}`;

beforeAll(async () => {
  setupAuthEnv();
  db = await createTestDatabase();
  installAppDb(db.prisma);
});
afterAll(async () => db?.cleanup());

/** A code for the step after `lastStep` (what the app will see 30 s later). */
async function codeAt(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

describe("two-factor authentication", () => {
  it("enrols with a QR code, requires the code at sign-in, refuses replays and accepts a recovery code once", async () => {
    const user = await createUser(db.prisma);
    await expect(
      startTwoFactorSetup(db.prisma, { userId: user.id, reauth: { password: "not it at all", ip: ip() } }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const setup = await startTwoFactorSetup(db.prisma, {
      userId: user.id,
      reauth: { password: user.password, ip: ip() },
    });
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(setup.otpauthUrl).toContain("otpauth://totp/Ledgerchat");
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpPendingSecret).not.toContain(setup.secret);

    await expect(enableTwoFactor(db.prisma, { userId: user.id, code: "000000" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    // Two sessions signed in with the password alone; enabling 2FA from one ends the other.
    const here = await createSession(db.prisma, {
      userId: user.id,
      method: "password",
      ip: ip(),
      userAgent: null,
    });
    const elsewhere = await createSession(db.prisma, {
      userId: user.id,
      method: "password",
      ip: ip(),
      userAgent: null,
    });
    const recovery = await enableTwoFactor(db.prisma, {
      userId: user.id,
      code: await codeAt(setup.secret, -1),
      sessionId: here.id,
    });
    expect(recovery).toHaveLength(10);
    const after = await db.prisma.session.findMany({
      where: { userId: user.id },
      select: { id: true, revokedAt: true },
    });
    expect(after.find((s) => s.id === here.id)?.revokedAt).toBeNull();
    expect(after.find((s) => s.id === elsewhere.id)?.revokedAt).not.toBeNull();
    await db.prisma.session.deleteMany({ where: { userId: user.id } });
    expect(await db.prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
    expect(await outbox(db.prisma, user.email, "two-factor-changed")).toHaveLength(1);

    const noCode = await signInWithPassword(db.prisma, {
      email: user.email,
      password: user.password,
      ip: ip(),
    });
    expect(noCode).toMatchObject({ ok: false, error: "two_factor_required" });
    expect(await db.prisma.session.count({ where: { userId: user.id } })).toBe(0);

    const bad = await signInWithPassword(db.prisma, {
      email: user.email,
      password: user.password,
      code: "123456",
      ip: ip(),
    });
    expect(bad).toMatchObject({ ok: false, error: "two_factor_invalid" });

    const code = await codeAt(setup.secret);
    const good = await signInWithPassword(db.prisma, {
      email: user.email,
      password: user.password,
      code,
      ip: ip(),
    });
    expect(good).toMatchObject({ ok: true });
    const replay = await signInWithPassword(db.prisma, {
      email: user.email,
      password: user.password,
      code,
      ip: ip(),
    });
    expect(replay).toMatchObject({ ok: false, error: "two_factor_invalid" });

    const rc = recovery[0] ?? "";
    const viaRecovery = await signInWithPassword(db.prisma, {
      email: user.email,
      password: user.password,
      code: rc.toUpperCase(),
      ip: ip(),
    });
    expect(viaRecovery).toMatchObject({ ok: true });
    const again = await signInWithPassword(db.prisma, {
      email: user.email,
      password: user.password,
      code: rc,
      ip: ip(),
    });
    expect(again).toMatchObject({ ok: false, error: "two_factor_invalid" });

    // Turning it off needs the password and a (fresh) code.
    await expect(
      disableTwoFactor(db.prisma, { userId: user.id, reauth: { password: user.password, ip: ip() } }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await disableTwoFactor(db.prisma, {
      userId: user.id,
      reauth: { password: user.password, code: recovery[1], ip: ip() },
    });
    expect(
      (await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorEnabledAt,
    ).toBeNull();
    expect(await db.prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("re-authentication", () => {
  it("changes the password only with the current one, and ends the other sessions", async () => {
    const user = await createUser(db.prisma);
    const current = await sessionCookie(db.prisma, user.id);
    const other = await sessionCookie(db.prisma, user.id);
    await expect(
      changePassword(db.prisma, {
        userId: user.id,
        sessionId: current.sessionId,
        newPassword: "fresh new passphrase",
        reauth: { password: "wrong wrong", ip: ip() },
      }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    expect(await outbox(db.prisma, user.email, "notice")).toHaveLength(0);
    const result = await changePassword(db.prisma, {
      userId: user.id,
      sessionId: current.sessionId,
      newPassword: "fresh new passphrase",
      reauth: { password: user.password, ip: ip() },
    });
    expect(result.sessionsEnded).toBe(1);
    const req = (cookie: string) => new Request("http://app.test/", { headers: { cookie } });
    expect(await resolveUser(req(current.cookie))).not.toBeNull();
    expect(await resolveUser(req(other.cookie))).toBeNull();
    // The owner is told, at the account's address, with a way back in if it was not them.
    const [notice] = await outbox(db.prisma, user.email, "notice");
    expect(notice?.data).toMatchObject({
      subject: "Your {product} password was changed",
      actionUrl: expect.stringMatching(/\/forgot-password$/),
    });
  });

  it("tells the old address when the sign-in address changes", async () => {
    const user = await createUser(db.prisma);
    const newEmail = uniqueEmail("moved");
    await requestEmailChange(db.prisma, {
      userId: user.id,
      newEmail,
      reauth: { password: user.password, ip: ip() },
    });
    expect(await outbox(db.prisma, user.email, "notice")).toHaveLength(0); // nothing until the link is used
    await confirmEmail(db.prisma, await tokenFromMail(db.prisma, newEmail, "verify-email"));
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(newEmail);
    const [notice] = await outbox(db.prisma, user.email, "notice");
    expect(notice?.data).toMatchObject({ subject: "Your {product} sign-in address was changed" });
    const text = JSON.stringify(notice?.data);
    expect(text).toContain(`${newEmail[0]}…@`);
    expect(text).not.toContain(newEmail); // the new address is masked in mail to the old one
    expect(await outbox(db.prisma, newEmail, "notice")).toHaveLength(0);
  });
});

describe("status helpers", () => {
  it("frozen cannot spend or buy; unverified cannot buy or use paid models; guests spend only their trial", () => {
    const base = { kind: "user" as const, userId: "u", role: "USER" as const, twoFactorEnabled: false };
    const frozen = { ...base, status: "frozen" as const, emailVerified: true };
    const unverified = { ...base, status: "active" as const, emailVerified: false };
    const fine = { ...base, status: "active" as const, emailVerified: true };
    const guest = { kind: "guest" as const, guestId: "g" };
    expect(() => assertCanSpend(frozen)).toThrow(expect.objectContaining({ code: "account_frozen" }));
    expect(() => assertCanBuy(frozen)).toThrow(expect.objectContaining({ code: "account_frozen" }));
    expect(() => assertCanSpend(unverified)).not.toThrow();
    expect(() => assertCanBuy(unverified)).toThrow(expect.objectContaining({ code: "email_unverified" }));
    expect(() => assertCanUsePaidModels(unverified)).toThrow(
      expect.objectContaining({ code: "email_unverified" }),
    );
    expect(() => assertCanBuy(fine)).not.toThrow();
    expect(() => assertCanSpend(guest)).not.toThrow();
    expect(() => assertCanBuy(guest)).toThrow(expect.objectContaining({ code: "unauthorized" }));
  });
});

describe("guests", () => {
  it("caps guest creation per IP and converts the guest when it signs up", async () => {
    const address = "192.0.2.77";
    const created: string[] = [];
    for (let i = 0; i < 10; i++) created.push((await createGuest(db.prisma, { ip: address })).guestId);
    await expect(createGuest(db.prisma, { ip: address })).rejects.toMatchObject({ code: "rate_limited" });
    expect(await db.prisma.guest.count()).toBe(10);
    expect((await createGuest(db.prisma, { ip: "192.0.2.78" })).guestId).toBeTruthy();

    const guestId = created[0] ?? "";
    const email = uniqueEmail("guest");
    const userId = await signUp(db.prisma, { email, password: "tangerine otter 42", guestId });
    const guest = await db.prisma.guest.findUniqueOrThrow({ where: { id: guestId } });
    expect(guest.convertedUserId).toBe(userId);
    expect(guest.convertedAt).not.toBeNull();
    // A guest converts once: a second sign-up with the same cookie does not move it again.
    const second = await signUp(db.prisma, {
      email: uniqueEmail("guest2"),
      password: "tangerine otter 42",
      guestId,
    });
    expect((await db.prisma.guest.findUniqueOrThrow({ where: { id: guestId } })).convertedUserId).toBe(
      userId,
    );
    expect(second).not.toBe(userId);
  });
});
