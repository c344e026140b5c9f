// Pure pieces of the accounts module: hashing parameters, password policy, tokens, throttle
// schedule, cookie signing, secret sealing.
import { beforeAll, describe, expect, it } from "vitest";
import { readCookie } from "@/lib/auth/config";
import { openSecret, randomToken, sealSecret, sha256Hex } from "@/lib/auth/crypto";
import { safeNextPath } from "@/lib/auth/current-user";
import { normalizeEmail } from "@/lib/auth/email-address";
import { signGuestId, verifyGuestCookie } from "@/lib/auth/guests";
import { accountDelaySeconds, ipBlockSeconds, isLockFailureCount } from "@/lib/auth/lockout";
import { hashPassword, PASSWORD_HASH_PARAMS, verifyPassword } from "@/lib/auth/password";
import { passwordProblem } from "@/lib/auth/password-policy";
import { looksLikeToken, TOKEN_TTL_MS, tokenExpiry } from "@/lib/auth/tokens";
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "@/lib/auth/totp";
import { setupAuthEnv } from "./helpers";

beforeAll(() => setupAuthEnv());

describe("password hashing", () => {
  it("uses argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1)", async () => {
    expect(PASSWORD_HASH_PARAMS).toMatchObject({
      algorithm: 2,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    const hash = await hashPassword("a long enough passphrase");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "a long enough passphrase")).toBe(true);
    expect(await verifyPassword(hash, "a long enough passphrasE")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});

describe("password policy", () => {
  it("needs 8 characters, allows 64+ and any characters", () => {
    expect(passwordProblem("short")).toMatch(/at least 8/);
    expect(passwordProblem(`${"x".repeat(7)}é`)).toBeNull();
    expect(
      passwordProblem("a passphrase that is well over sixty-four characters long, with spaces!"),
    ).toBeNull();
    expect(passwordProblem("🔑🔑🔑🔑🔒🔒🔒🔒")).toBeNull();
    expect(passwordProblem("y".repeat(257))).toMatch(/at most/);
  });

  it("refuses common passwords whatever their case, and the user's own address", () => {
    for (const p of ["password", "Password1", "12345678", "QWERTYUIOP", "iloveyou", "ledgerchat"]) {
      expect(passwordProblem(p)).toMatch(/too common/);
    }
    expect(passwordProblem("aaaaaaaaaaaa")).toMatch(/easy to guess/);
    expect(passwordProblem("jane.doe.2024!", { email: "jane.doe@example.com" })).toMatch(/email/);
    expect(passwordProblem("tangerine-otter-42", { email: "jane.doe@example.com" })).toBeNull();
  });
});

describe("emails", () => {
  it("normalises case, whitespace and Unicode form but keeps dots and +tags", () => {
    expect(normalizeEmail("  Jane.Doe+Chat@Example.COM ")).toBe("jane.doe+chat@example.com");
    expect(normalizeEmail("Jose\u0301@example.com")).toBe("jos\u00e9@example.com");
  });
});

describe("tokens", () => {
  it("expire after 24 h (verification) and 30 min (reset)", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(tokenExpiry("verify_email", now).toISOString()).toBe("2026-01-02T00:00:00.000Z");
    expect(tokenExpiry("password_reset", now).toISOString()).toBe("2026-01-01T00:30:00.000Z");
    expect(TOKEN_TTL_MS.password_reset).toBe(30 * 60_000);
  });

  it("are 256 random bits, stored only as their SHA-256", () => {
    const a = randomToken();
    expect(looksLikeToken(a)).toBe(true);
    expect(a).not.toBe(randomToken());
    expect(sha256Hex(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256Hex(a)).not.toContain(a);
    expect(looksLikeToken("short")).toBe(false);
    expect(looksLikeToken(`${a.slice(0, 42)}!`)).toBe(false);
  });
});

describe("throttle schedule", () => {
  it("is free for 4 failures, then 1–16 s delays, then a 15 min lock doubling up to 24 h", () => {
    const schedule = Array.from({ length: 20 }, (_, i) => accountDelaySeconds(i + 1));
    expect(schedule.slice(0, 9)).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16]);
    expect(schedule.slice(9, 13)).toEqual([900, 1800, 3600, 7200]);
    expect(Math.max(...schedule)).toBe(86_400);
    expect(accountDelaySeconds(1000)).toBe(86_400);
    expect(isLockFailureCount(9)).toBe(false);
    expect(isLockFailureCount(10)).toBe(true);
  });

  it("blocks an IP for an hour at 30 failures", () => {
    expect(ipBlockSeconds(29)).toBe(0);
    expect(ipBlockSeconds(30)).toBe(3600);
  });
});

describe("guest cookie", () => {
  it("accepts only its own signature", () => {
    const id = "0b9a6f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    const value = signGuestId(id);
    expect(verifyGuestCookie(value)).toBe(id);
    expect(verifyGuestCookie(`${id}.${"0".repeat(64)}`)).toBeNull();
    expect(verifyGuestCookie(value.replace("0b9a", "1b9a"))).toBeNull();
    expect(verifyGuestCookie(`${value}.x`)).toBeNull();
    expect(verifyGuestCookie("not-a-uuid.abcd")).toBeNull();
    expect(verifyGuestCookie(undefined)).toBeNull();
  });
});

describe("TOTP secrets and recovery codes", () => {
  it("seals secrets with AES-GCM and refuses tampering", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed)).toBe("JBSWY3DPEHPK3PXP");
    const parts = sealed.split(".");
    parts[3] = `${parts[3]?.slice(0, -2)}AA`;
    expect(openSecret(parts.join("."))).toBeNull();
    expect(openSecret("garbage")).toBeNull();
  });

  it("makes 10 distinct recovery codes that hash the same however they are typed", () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const code = codes[0] ?? "";
    expect(normalizeRecoveryCode(` ${code.toUpperCase().replace("-", " ")} `)).toBe(code);
    expect(hashRecoveryCode(code.replace("-", ""))).toBe(hashRecoveryCode(code));
  });
});

describe("request helpers", () => {
  it("reads one cookie and only allows same-site paths after sign-in", () => {
    expect(readCookie("a=1; ledgerchat.session=abc%3D; b=2", "ledgerchat.session")).toBe("abc=");
    expect(readCookie(null, "x")).toBeUndefined();
    expect(safeNextPath("/account/security")).toBe("/account/security");
    expect(safeNextPath("/chat/abc?x=1#m")).toBe("/chat/abc?x=1#m");
    // Without a usable path the chat is where a signed-in person lands.
    expect(safeNextPath(undefined)).toBe("/chat");
    for (const evil of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/%09/evil.example/..",
      "javascript:alert(1)",
      "chat",
    ]) {
      const resolved = new URL(safeNextPath(evil), "http://app.test");
      expect(resolved.origin, evil).toBe("http://app.test");
    }
    expect(safeNextPath("//evil.example")).toBe("/chat");
    expect(safeNextPath("/\t/evil.example")).toBe("/chat");
  });
});
