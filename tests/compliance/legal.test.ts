// Legal documents and their acceptance on real Postgres: sign-up records the versions in force
// (time and IP); a new Terms version blocks chat and checkout with 403 legal_acceptance_required
// and its summary until accepted; stale versions are refused; admin overrides are validated and
// audited; the built-in texts state the operator's identity and the processors really configured.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as legalSettings } from "@/app/api/admin/settings/legal/route";
import { POST as signUpRoute } from "@/app/api/auth/sign-up/route";
import { POST as checkoutRoute } from "@/app/api/billing/checkout/route";
import { POST as chatRoute } from "@/app/api/chat/route";
import { POST as acceptRoute } from "@/app/api/legal/accept/route";
import { parseEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertLegalAccepted, pendingAcceptances } from "@/lib/legal/acceptances";
import { legalDocument } from "@/lib/legal/document";
import { configuredProcessors } from "@/lib/legal/facts";
import { installAppDb, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { ctx, freshCaches, type Handler, post, signedIn } from "./helpers";

const today = () => new Date().toISOString().slice(0, 10);

describe("legal documents and acceptance", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let admin: Awaited<ReturnType<typeof signedIn>>;

  async function setTerms(body: Record<string, unknown>) {
    freshCaches();
    const res = await (legalSettings as Handler)(
      post("/api/admin/settings/legal", { document: "terms", ...body }, admin.cookie),
      ctx,
    );
    freshCaches();
    return res;
  }

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
    admin = await signedIn(p, "ADMIN");
  });
  afterAll(async () => db.cleanup());
  beforeEach(async () => {
    await p.operatorSetting.deleteMany();
    freshCaches();
  });

  it("sign-up records the Terms and Privacy versions in force with time and IP; refuses without acceptance", async () => {
    const refused = await (signUpRoute as Handler)(
      post("/api/auth/sign-up", { email: "no-accept@example.com", password: "tangerine otter 42" }),
      ctx,
    );
    expect(refused.status).toBe(422);
    expect(await p.user.count({ where: { email: "no-accept@example.com" } })).toBe(0);

    const email = "accepts@example.com";
    const res = await (signUpRoute as Handler)(
      post("/api/auth/sign-up", { email, password: "tangerine otter 42", acceptLegal: true }),
      ctx,
    );
    expect(res.status).toBe(202);
    const user = await p.user.findUniqueOrThrow({ where: { email } });
    const rows = await p.legalAcceptance.findMany({
      where: { userId: user.id },
      orderBy: { document: "asc" },
    });
    expect(rows.map((r) => [r.document, r.version, r.ip])).toEqual([
      ["privacy", "1", "203.0.113.7"],
      ["terms", "1", "203.0.113.7"],
    ]);
    expect(await pendingAcceptances(p, user.id)).toEqual([]);
  });

  it("a new Terms version blocks chat and checkout until accepted, with its summary", async () => {
    const user = await signedIn(p);
    await p.legalAcceptance.createMany({
      data: [
        { userId: user.id, document: "terms", version: "1" },
        { userId: user.id, document: "privacy", version: "1" },
      ],
    });
    await expect(assertLegalAccepted(p, user.id)).resolves.toBeUndefined();

    const bump = await setTerms({
      version: "2",
      effectiveDate: today(),
      summary: "Refunds now within 14 days.",
    });
    expect(bump.status).toBe(200);

    const chat = await (chatRoute as Handler)(
      post("/api/chat", { model: "demo", message: "hello" }, user.cookie),
      ctx,
    );
    expect(chat.status).toBe(403);
    const body = (await chat.json()) as {
      error: { code: string; details: { documents: { id: string; version: string; summary: string }[] } };
    };
    expect(body.error.code).toBe("legal_acceptance_required");
    expect(body.error.details.documents).toEqual([
      expect.objectContaining({ id: "terms", version: "2", summary: "Refunds now within 14 days." }),
    ]);
    expect(await p.message.count()).toBe(0);

    const checkout = await (checkoutRoute as Handler)(
      post("/api/billing/checkout", { packId: "small" }, user.cookie),
      ctx,
    );
    expect(checkout.status).toBe(403);
    expect(await p.checkoutIntent.count()).toBe(0);

    // The old version is no longer current: 409, nothing recorded.
    const stale = await (acceptRoute as Handler)(
      post("/api/legal/accept", { documents: [{ id: "terms", version: "1" }] }, user.cookie),
      ctx,
    );
    expect(stale.status).toBe(409);
    expect(await p.legalAcceptance.count({ where: { userId: user.id, version: "2" } })).toBe(0);

    const ok = await (acceptRoute as Handler)(
      post("/api/legal/accept", { documents: [{ id: "terms", version: "2" }] }, user.cookie),
      ctx,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, pending: 0 });
    await expect(assertLegalAccepted(p, user.id)).resolves.toBeUndefined();
    const row = await p.legalAcceptance.findFirstOrThrow({ where: { userId: user.id, version: "2" } });
    expect(row.ip).toBe("203.0.113.7");

    // Accepting twice keeps one row.
    await (acceptRoute as Handler)(
      post("/api/legal/accept", { documents: [{ id: "terms", version: "2" }] }, user.cookie),
      ctx,
    );
    expect(
      await p.legalAcceptance.count({ where: { userId: user.id, document: "terms", version: "2" } }),
    ).toBe(1);
  });

  it("accounts created before a version took effect are asked; a version not yet in effect is not", async () => {
    const old = await signedIn(p);
    await p.user.update({ where: { id: old.id }, data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
    expect((await pendingAcceptances(p, old.id)).map((d) => d.id)).toEqual(["terms", "privacy"]);

    const fresh = await signedIn(p);
    expect(await pendingAcceptances(p, fresh.id)).toEqual([]);

    const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await setTerms({ version: "3", effectiveDate: future, summary: "Later." });
    expect(await pendingAcceptances(p, fresh.id)).toEqual([]);
  });

  it("refuses a bad override with 4xx and writes nothing; audits a good one with its full text", async () => {
    for (const body of [
      { version: "two words" },
      { effectiveDate: "2026-13-45" },
      { markdown: "" },
      { document: "nope" },
      { extra: 1 },
    ]) {
      const res = await setTerms(body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await p.operatorSetting.count()).toBe(0);

    const text = "# Our terms\n\nBe nice. <script>alert(1)</script>";
    expect((await setTerms({ markdown: text, version: "7" })).status).toBe(200);
    const doc = await legalDocument(p, "terms");
    expect(doc).toMatchObject({ version: "7", overridden: true, markdown: text });
    const audit = await p.auditLog.findFirstOrThrow({
      where: { action: "settings.legal", targetId: "terms" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit.after).toMatchObject({ markdown: text, version: "7" });

    // Empty override: back to the built-in text and version.
    expect((await setTerms({})).status).toBe(200);
    expect(await legalDocument(p, "terms")).toMatchObject({ version: "1", overridden: false });
  });

  it("the built-in documents state the identity and only the processors configured", async () => {
    const privacy = await legalDocument(p, "privacy");
    expect(privacy.markdown).toContain("**Ledgerchat**");
    expect(privacy.markdown).toContain("[postal address not configured]");
    expect(privacy.markdown).not.toContain("Stripe**");

    const bare = parseEnv({});
    expect(configuredProcessors(bare)).toEqual([]);
    const names = configuredProcessors(
      parseEnv({
        STRIPE_SECRET_KEY: "sk_test_x",
        ANTHROPIC_API_KEY: "k",
        RESEND_API_KEY: "re_x",
        SENTRY_DSN: "https://k@o1.ingest.sentry.io/1",
        UPSTASH_REDIS_REST_URL: "https://u.upstash.io",
        UPSTASH_REDIS_REST_TOKEN: "t",
        ANALYTICS_GA4_ID: "G-ABC123",
      }),
    ).map((x) => x.name);
    expect(names).toEqual(["Stripe", "Anthropic", "Resend", "Sentry", "Upstash", "Google Analytics"]);
  });
});
