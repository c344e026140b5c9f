// Data export: every Prisma model that references a user is exported (or listed as not exported,
// with a reason); the route re-authenticates, rate-limits, audits, and returns a zip whose JSON and
// CSVs hold the user's rows and nobody else's, and no secret.
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as exportRoute } from "@/app/api/account/export/route";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { EXPORTED_MODELS, NOT_EXPORTED } from "@/lib/privacy/collect";
import { installAppDb, setupAuthEnv } from "@/tests/auth/helpers";
import { ctx, freshCaches, type Handler, post } from "@/tests/compliance/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { richUser } from "./helpers";

// Scalar fields that hold a user's id, by name (…UserId, …By: resolvedBy, decidedBy, updatedBy);
// plus any relation field of type User.
const USER_ID_FIELD = /^(userId|ownerId|actorId|authorId|adminId|targetId)$|UserId$|By$/;

/** Models of prisma/schema.prisma that reference a user, read from the schema itself. */
function modelsReferencingUsers(): { all: string[]; referencing: string[] } {
  const schema = readFileSync(new URL("../../prisma/schema.prisma", import.meta.url), "utf8");
  const all: string[] = [];
  const referencing: string[] = [];
  for (const m of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const [, name, body] = m as unknown as [string, string, string];
    all.push(name);
    const fields = body
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^\w/.test(l) && !l.startsWith("@@"))
      .map((l) => l.split(/\s+/) as [string, string]);
    const refers =
      name === "User" || fields.some(([f, type]) => USER_ID_FIELD.test(f) || /^User\??$/.test(type));
    if (refers) referencing.push(name);
  }
  return { all, referencing };
}

describe("export completeness", () => {
  it("every model that references a user is exported or explicitly not exported", () => {
    const { all, referencing } = modelsReferencingUsers();
    expect(referencing).toEqual(expect.arrayContaining(["User", "Session", "Payment", "ApiKey", "AuditLog"]));
    const covered = new Set([...Object.keys(EXPORTED_MODELS), ...Object.keys(NOT_EXPORTED)]);
    const missing = referencing.filter((m) => !covered.has(m));
    expect(missing, `add these models to lib/privacy/collect.ts: ${missing.join(", ")}`).toEqual([]);
    // The lists name real models only (a rename must update them).
    expect([...covered].filter((m) => !all.includes(m))).toEqual([]);
  });
});

describe("POST /api/account/export", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  const route = exportRoute as Handler;

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => db.cleanup());

  it("refuses without a session, with a bad password or bad input, and records nothing", async () => {
    freshCaches();
    const user = await richUser(p);
    expect((await route(post("/api/account/export", { currentPassword: "x" }), ctx)).status).toBe(401);
    const bad = await route(
      post("/api/account/export", { currentPassword: "wrong password!" }, user.cookie),
      ctx,
    );
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.code).toBe("validation_failed");
    const extra = await route(
      post("/api/account/export", { currentPassword: user.password, x: 1 }, user.cookie),
      ctx,
    );
    expect(extra.status).toBe(422);
    expect(await p.privacyRequest.count({ where: { userId: user.id } })).toBe(0);
  });

  it("returns a zip of the user's data (JSON + ledger and payments CSV), audited", async () => {
    freshCaches();
    const user = await richUser(p);
    const other = await richUser(p);
    const res = await route(
      post("/api/account/export", { currentPassword: user.password }, user.cookie),
      ctx,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="data-export-\d{4}-\d\d-\d\d\.zip"$/,
    );
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(["README.txt", "export.json", "ledger.csv", "payments.csv"]);
    const text = strFromU8(files["export.json"] as Uint8Array);
    const data = JSON.parse(text);
    expect(data.account).toMatchObject({ id: user.id, email: user.email, name: user.name });
    expect(data.conversations[0].messages[0].content).toBe(`My email is ${user.email}`);
    expect(data.ledger.account.posted).toBe("49600");
    expect(data.ledger.entries.map((e: { transaction: { kind: string } }) => e.transaction.kind)).toEqual([
      "purchase",
      "usage",
    ]);
    expect(data.ledger.holds).toHaveLength(1);
    expect(data.ledger.budget).toMatchObject({ amountPt: "500", hardStop: false });
    expect(data.ledger.budgetAlerts.map((a: { threshold: number }) => a.threshold)).toEqual([50, 80]);
    expect(data.ledger.grants[0].draws).toHaveLength(1);
    expect(data.billing.payments[0].amountMinor).toBe("500");
    expect(data.billing.chargebacks).toHaveLength(1);
    expect(data.disputes).toHaveLength(1);
    expect(data.notifications).toHaveLength(3); // one seeded, two budget alerts
    expect(data.apiKeys[0]).toMatchObject({ name: "laptop", lastFour: "abcd" });
    expect(data.teams.memberships).toMatchObject([
      { role: "owner", dailyCapPt: "900", team: { name: "Quill team" } },
    ]);
    expect(data.teams.invitations).toMatchObject([{ role: "member", status: "pending" }]);
    expect(data.teams.invitations[0]).not.toHaveProperty("tokenHash");
    expect(data.legalAcceptances).toHaveLength(1);
    expect(data.cookieConsents).toHaveLength(1);
    expect(data.chatSettings.dailyPtCap).toBe("9000");
    expect(data.emails.find((m: { template: string }) => m.template === "verify-email")).toMatchObject({
      to: user.email,
    });
    expect(data.emails.filter((m: { template: string }) => m.template === "budget-alert")).toHaveLength(2);
    expect(data.auditEntries.map((a: { action: string }) => a.action)).toContain("user.freeze");
    expect(data.sessions.length).toBeGreaterThanOrEqual(1);
    // No secret, and nothing of the other user.
    for (const secret of ["passwordHash", "secretHash", "totpSecret", "tokenHash", "codeHash"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(`hash-${user.id}`);
    expect(text).not.toContain(other.id);
    expect(text).not.toContain(other.email);
    const ledgerCsv = strFromU8(files["ledger.csv"] as Uint8Array).split("\r\n");
    expect(ledgerCsv).toHaveLength(4); // header, two entries, final empty line
    const payments = strFromU8(files["payments.csv"] as Uint8Array).split("\r\n");
    expect(payments[0]).toBe(
      "date,kind,description,amount_minor,tax_minor,tax,currency,pt,refunded_minor,id",
    );
    expect(payments[1]).toContain('topup,"Top-up, 50,000 PT",500,83,VAT 20 % (DE),usd,50000,0,');
    // Recorded: a completed request and an audit row naming the user as actor and target.
    const requests = await p.privacyRequest.findMany({ where: { userId: user.id } });
    expect(requests).toMatchObject([{ kind: "export", status: "completed", adminId: null }]);
    const audit = await p.auditLog.findMany({ where: { action: "privacy.export", targetId: user.id } });
    expect(audit).toMatchObject([{ actorId: user.id, targetType: "user" }]);
  });

  it("is rate-limited per user", async () => {
    freshCaches();
    const user = await richUser(p);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await route(
        post("/api/account/export", { currentPassword: user.password }, user.cookie),
        ctx,
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await p.privacyRequest.count({ where: { userId: user.id } })).toBe(5);
  });
});
