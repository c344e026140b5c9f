// Legal documents and their acceptance on real Postgres: sign-up records the versions in force
// (time and IP); a new Terms version blocks chat and checkout with 403 legal_acceptance_required
// and its summary until accepted — for every account that has not accepted it; a version dated
// later is announced but not in force; a version in force never changes; stale versions are
// refused; admin versions are validated and audited; the built-in texts state the operator's
// identity and the processors really configured.
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
import { latestBuiltIn, upcomingRequired } from "@/lib/legal/versions";
import { installAppDb, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { ctx, freshCaches, type Handler, post, signedIn } from "./helpers";

const today = () => new Date().toISOString().slice(0, 10);
const DAY = 86_400_000;

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
      ["privacy", latestBuiltIn("privacy").version, "203.0.113.7"],
      ["terms", latestBuiltIn("terms").version, "203.0.113.7"],
    ]);
    expect(await pendingAcceptances(p, user.id)).toEqual([]);
  });

  it("a new Terms version blocks chat and checkout until accepted, with its summary", async () => {
    const user = await signedIn(p); // accepted the versions in force, as at sign-up
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
    expect(
      await p.legalAcceptance.count({ where: { userId: user.id, document: "terms", version: "2" } }),
    ).toBe(0);

    const ok = await (acceptRoute as Handler)(
      post("/api/legal/accept", { documents: [{ id: "terms", version: "2" }] }, user.cookie),
      ctx,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, pending: 0 });
    await expect(assertLegalAccepted(p, user.id)).resolves.toBeUndefined();
    const row = await p.legalAcceptance.findFirstOrThrow({
      where: { userId: user.id, document: "terms", version: "2" },
    });
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

  it("every account that has not accepted the version in force is asked, whenever it was created", async () => {
    // Created just now without the sign-up form's acceptance (seeded, imported): asked to accept.
    const fresh = await signedIn(p, "USER", { acceptLegal: false });
    const pending = await pendingAcceptances(p, fresh.id);
    expect(pending.map((d) => [d.id, d.firstTime])).toEqual([
      ["terms", true],
      ["privacy", true],
    ]);
    const chat = await (chatRoute as Handler)(
      post("/api/chat", { model: "demo", message: "hello" }, fresh.cookie),
      ctx,
    );
    expect(chat.status).toBe(403);

    // Accepted an earlier Privacy Policy only: asked for the version in force, as a change.
    const older = await signedIn(p, "USER", { acceptLegal: false });
    await p.legalAcceptance.createMany({
      data: [
        { userId: older.id, document: "terms", version: latestBuiltIn("terms").version },
        { userId: older.id, document: "privacy", version: "1" },
      ],
    });
    expect((await pendingAcceptances(p, older.id)).map((d) => [d.id, d.version, d.firstTime])).toEqual([
      ["privacy", latestBuiltIn("privacy").version, false],
    ]);
  });

  it("a version dated later is announced, not in force: neither shown as current nor required until then", async () => {
    const user = await signedIn(p);
    const inForce = (await legalDocument(p, "terms"))?.version;
    const future = new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10);
    const text = "# Terms, next year\n\nEverything is different.";
    const res = await setTerms({ version: "3", effectiveDate: future, summary: "Later.", markdown: text });
    expect(res.status).toBe(200);

    const shown = await legalDocument(p, "terms");
    expect(shown).toMatchObject({
      version: inForce,
      status: "current",
      upcoming: [{ version: "3", effectiveDate: future }],
    });
    expect(shown?.markdown).not.toContain("Everything is different.");
    expect(await legalDocument(p, "terms", { version: "3" })).toMatchObject({
      status: "upcoming",
      markdown: text,
      current: { version: inForce },
    });
    expect(await legalDocument(p, "terms", { version: "nope" })).toBeNull();
    expect(await pendingAcceptances(p, user.id)).toEqual([]);
    expect((await upcomingRequired(p)).map((d) => [d.id, d.version])).toEqual([["terms", "3"]]);
    // Accepting it early is refused: only the version in force can be accepted.
    const early = await (acceptRoute as Handler)(
      post("/api/legal/accept", { documents: [{ id: "terms", version: "3" }] }, user.cookie),
      ctx,
    );
    expect(early.status).toBe(409);

    // From its date on it is the version in force, and asked of everyone.
    const then = new Date(`${future}T00:00:01Z`);
    expect((await legalDocument(p, "terms", { now: then }))?.version).toBe("3");
    expect((await pendingAcceptances(p, user.id, then)).map((d) => [d.id, d.version])).toEqual([
      ["terms", "3"],
    ]);
  });

  it("a published version never changes; one announced may be corrected; none is backdated", async () => {
    const future = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 9 * DAY).toISOString().slice(0, 10);
    expect(
      (await setTerms({ version: "2", summary: "Clearer refunds.", markdown: "# Terms v2" })).status,
    ).toBe(200);
    // The same save again changes nothing; a different text under the version in force is refused.
    expect(
      (
        await setTerms({
          version: "2",
          summary: "Clearer refunds.",
          markdown: "# Terms v2",
          effectiveDate: today(),
        })
      ).status,
    ).toBe(200);
    const edit = await setTerms({
      version: "2",
      summary: "Clearer refunds.",
      markdown: "# Terms v2, edited",
    });
    expect(edit.status).toBe(409);
    expect((await setTerms({ version: "1", summary: "Rewritten.", markdown: "# Other" })).status).toBe(409);
    const past = await setTerms({ version: "3", summary: "Backdated.", effectiveDate: "2020-01-01" });
    expect(past.status).toBe(422);

    expect((await setTerms({ version: "3", summary: "Soon.", effectiveDate: later })).status).toBe(200);
    const before = await setTerms({ version: "4", summary: "Earlier than 3.", effectiveDate: future });
    expect(before.status).toBe(422);
    // Not in force yet: version 3 may still be corrected (text and date).
    expect((await setTerms({ version: "3", summary: "Soon, fixed.", effectiveDate: future })).status).toBe(
      200,
    );
    const doc = await legalDocument(p, "terms");
    expect(doc).toMatchObject({
      version: "2",
      markdown: "# Terms v2",
      upcoming: [{ version: "3", effectiveDate: future, summary: "Soon, fixed." }],
    });
    const audits = await p.auditLog.count({ where: { action: "settings.legal", targetId: "terms" } });
    expect(audits).toBeGreaterThanOrEqual(3);
    // Withdrawn versions keep their names: "2" can never name another text.
    expect((await setTerms({})).status).toBe(200);
    expect((await legalDocument(p, "terms"))?.source).toBe("built-in");
    expect((await setTerms({ version: "2", summary: "Other text.", markdown: "# Not v2" })).status).toBe(409);
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
    expect((await setTerms({ markdown: text, version: "7" })).status).toBe(422); // no summary
    expect((await setTerms({ markdown: text, summary: "Ours." })).status).toBe(422); // no version
    expect(await p.operatorSetting.count()).toBe(0);
    expect((await setTerms({ markdown: text, version: "7", summary: "Our own text." })).status).toBe(200);
    const doc = await legalDocument(p, "terms");
    expect(doc).toMatchObject({ version: "7", overridden: true, markdown: text });
    const audit = await p.auditLog.findFirstOrThrow({
      where: { action: "settings.legal", targetId: "terms" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit.after).toMatchObject([{ markdown: text, version: "7", effectiveDate: today() }]);

    // Empty: the operator's versions are withdrawn, back to the built-in text and version.
    expect((await setTerms({})).status).toBe(200);
    expect(await legalDocument(p, "terms")).toMatchObject({
      version: latestBuiltIn("terms").version,
      overridden: false,
    });
  });

  it("the built-in documents state the identity and only the processors configured", async () => {
    const privacy = await legalDocument(p, "privacy");
    expect(privacy?.markdown).toContain("**Ledgerchat**");
    expect(privacy?.markdown).toContain("[postal address not configured]");
    expect(privacy?.markdown).not.toContain("Stripe**");

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
