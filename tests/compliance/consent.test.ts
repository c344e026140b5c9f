// Cookie consent: the banner's choice as a first-party cookie for everyone and a server-side row
// for signed-in users; bad input refused with nothing set; the Consent Mode script denies all four
// signals by default; the CSP names Google's hosts only while a GA4 id is configured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as consentRoute } from "@/app/api/consent/route";
import {
  CONSENT_MODE_DEFAULT,
  consentModeScript,
  consentModeState,
  parseConsentCookie,
} from "@/lib/consent/cookie";
import { latestConsent } from "@/lib/consent/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { contentSecurityPolicy, GA4_ORIGINS } from "@/lib/http/security-headers";
import { installAppDb, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { ctx, freshCaches, type Handler, post, signedIn } from "./helpers";

describe("POST /api/consent", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => db.cleanup());

  it("a visitor's choice is a first-party cookie only", async () => {
    freshCaches();
    const res = await (consentRoute as Handler)(
      post("/api/consent", { analytics: true, marketing: false }),
      ctx,
    );
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^lc_consent=1\.10; Path=\/; Max-Age=31536000; SameSite=Lax/);
    expect(await p.cookieConsent.count()).toBe(0);
  });

  it("a signed-in user's choice is also stored with its version; the latest is in force", async () => {
    freshCaches();
    const user = await signedIn(p);
    await (consentRoute as Handler)(
      post("/api/consent", { analytics: true, marketing: true }, user.cookie),
      ctx,
    );
    await (consentRoute as Handler)(
      post("/api/consent", { analytics: false, marketing: false }, user.cookie),
      ctx,
    );
    const rows = await p.cookieConsent.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.version === "1" && r.ip === "203.0.113.7")).toBe(true);
    expect(await latestConsent(p, user.id)).toEqual({ version: "1", analytics: false, marketing: false });
  });

  it("bad input is a 4xx JSON error that sets no cookie and stores nothing", async () => {
    const user = await signedIn(p);
    const before = await p.cookieConsent.count();
    for (const body of [
      {},
      { analytics: "yes", marketing: false },
      { analytics: true },
      "x",
      { analytics: true, marketing: true, necessary: false },
    ]) {
      freshCaches();
      const res = await (consentRoute as Handler)(post("/api/consent", body, user.cookie), ctx);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect(await p.cookieConsent.count()).toBe(before);
  });
});

describe("consent cookie and Consent Mode v2", () => {
  it("parses only the current version's well-formed values", () => {
    expect(parseConsentCookie("1.10")).toEqual({ version: "1", analytics: true, marketing: false });
    expect(parseConsentCookie("1.01")).toEqual({ version: "1", analytics: false, marketing: true });
    for (const bad of [undefined, "", "0.11", "1.1", "1.111", "1.2x", "1.11;x"])
      expect(parseConsentCookie(bad)).toBeNull();
  });

  it("the default denies all four signals before anything else runs", () => {
    const script = consentModeScript(null);
    const defaultCall = script.indexOf("gtag('consent','default'");
    expect(defaultCall).toBeGreaterThan(0);
    for (const key of ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage"]) {
      expect(script).toContain(`"${key}":"denied"`);
    }
    expect(script).not.toContain("granted");
    expect(script).not.toContain("googletagmanager");
    // A stored choice is applied right after the default.
    const withChoice = consentModeScript({ analytics: true, marketing: false });
    expect(withChoice.indexOf("'update'")).toBeGreaterThan(withChoice.indexOf("'default'"));
    expect(consentModeState({ analytics: true, marketing: false })).toEqual({
      ...CONSENT_MODE_DEFAULT,
      analytics_storage: "granted",
    });
  });

  it("the CSP allows Google's hosts only when a GA4 id is configured", () => {
    const plain = contentSecurityPolicy("n0nce", false, []);
    expect(plain).not.toContain("google");
    const withGa = contentSecurityPolicy("n0nce", false, [], GA4_ORIGINS);
    expect(withGa).toMatch(/script-src [^;]*https:\/\/www\.googletagmanager\.com/);
    expect(withGa).toMatch(/connect-src [^;]*https:\/\/\*\.google-analytics\.com/);
    expect(withGa).toMatch(/img-src [^;]*https:\/\/\*\.google-analytics\.com/);
  });
});
