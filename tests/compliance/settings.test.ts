// Operator identity on real Postgres: env defaults, admin overrides through the API (audited,
// cache forgotten at once), bad input refused with 4xx and nothing written, non-admins refused,
// and the identity reaching mail (From name, header, footer) at send time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/admin/settings/route";
import { processOutbox } from "@/lib/email/process-outbox";
import type { EmailProvider } from "@/lib/email/providers/types";
import { renderEmail } from "@/lib/email/render";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { fromHeader, getOperatorSettings, mailAddress } from "@/lib/settings/operator";
import { installAppDb, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { ctx, freshCaches, get, type Handler, post, signedIn } from "./helpers";

describe("operator settings", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let user: Awaited<ReturnType<typeof signedIn>>;

  beforeAll(async () => {
    delete process.env.EMAIL_FROM;
    // Empty, as in a copied .env.example: the defaults.
    setupAuthEnv({ OPERATOR_PRODUCT_NAME: "", OPERATOR_LEGAL_ENTITY: "" });
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
    admin = await signedIn(p, "ADMIN");
    user = await signedIn(p);
  });
  afterAll(async () => db.cleanup());
  beforeEach(async () => {
    freshCaches();
    await p.operatorSetting.deleteMany();
  });

  it("defaults to Ledgerchat from the environment", async () => {
    const s = await getOperatorSettings(p);
    expect(s.productName).toBe("Ledgerchat");
    expect(s.legalEntity).toBe("Ledgerchat");
    expect(s.supportEmail).toBe("no-reply@ledgerchat.local");
  });

  it("an admin's change applies at once, is audited with before and after, and reverts when cleared", async () => {
    const body = {
      productName: "Acme Chat",
      legalEntity: "Acme GmbH",
      legalAddress: "Hauptstr. 1\n10115 Berlin",
      accentColor: "#aa3300",
      vatId: "DE123456789",
    };
    const res = await (POST as Handler)(post("/api/admin/settings", body, admin.cookie), ctx);
    expect(res.status).toBe(200);
    const s = await getOperatorSettings(p);
    expect(s).toMatchObject(body);
    const audit = await p.auditLog.findFirstOrThrow({ where: { action: "settings.operator" } });
    expect(audit.actorId).toBe(admin.id);
    expect(audit.after).toMatchObject({ productName: "Acme Chat" });

    const read = await (GET as Handler)(get("/api/admin/settings", admin.cookie), ctx);
    expect(((await read.json()) as { settings: { productName: string } }).settings.productName).toBe(
      "Acme Chat",
    );

    // Fields left out go back to their defaults.
    freshCaches();
    expect((await (POST as Handler)(post("/api/admin/settings", {}, admin.cookie), ctx)).status).toBe(200);
    expect((await getOperatorSettings(p)).productName).toBe("Ledgerchat");
  });

  it("refuses bad input with a 4xx JSON error and writes nothing", async () => {
    const bad = [
      { accentColor: "red" },
      { logoUrl: "javascript:alert(1)" },
      { logoUrl: "http://insecure.example/logo.png" },
      { supportEmail: "not-an-email" },
      { productName: "" },
      { productName: "x".repeat(61) },
      { unknownField: "x" },
      "not json",
      [],
    ];
    const audits = await p.auditLog.count({ where: { action: "settings.operator" } });
    for (const body of bad) {
      freshCaches();
      const res = await (POST as Handler)(post("/api/admin/settings", body, admin.cookie), ctx);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
    expect(await p.operatorSetting.count()).toBe(0);
    expect(await p.auditLog.count({ where: { action: "settings.operator" } })).toBe(audits);
  });

  it("refuses anonymous callers (401) and users (403)", async () => {
    const anon = await (POST as Handler)(post("/api/admin/settings", { productName: "X" }), ctx);
    expect(anon.status).toBe(401);
    const asUser = await (POST as Handler)(
      post("/api/admin/settings", { productName: "X" }, user.cookie),
      ctx,
    );
    expect(asUser.status).toBe(403);
    expect(await p.operatorSetting.count()).toBe(0);
  });

  it("a stored value that no longer validates is ignored, not a crash", async () => {
    await p.operatorSetting.create({
      data: { key: "operator", value: { productName: "Ok Name", accentColor: "not-a-colour" } },
    });
    const s = await getOperatorSettings(p);
    expect(s.productName).toBe("Ok Name");
    expect(s.accentColor).toBeUndefined();
  });

  it("mail carries the identity at send time: From name, header and footer", async () => {
    await (POST as Handler)(
      post("/api/admin/settings", { productName: "Acme Chat", legalEntity: "Acme GmbH" }, admin.cookie),
      ctx,
    );
    const sent: { from: string; subject: string; text: string; html: string }[] = [];
    const provider: EmailProvider = {
      name: "test",
      async send(message) {
        sent.push(message);
        return { messageId: `m-${sent.length}` };
      },
    } as EmailProvider;
    await p.emailOutbox.create({
      data: {
        to: "someone@example.com",
        template: "notice",
        data: { subject: "Your {product} payment failed", paragraphs: ["Hello."] },
      },
    });
    await processOutbox(p, { provider });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.from).toBe('"Acme Chat" <no-reply@ledgerchat.local>');
    expect(sent[0]?.subject).toBe("Your Acme Chat payment failed");
    expect(sent[0]?.text).toContain("Acme GmbH");
    expect(sent[0]?.html).toContain("Acme Chat");
    expect(sent[0]?.html).not.toContain("Ledgerchat");
  });
});

describe("mail identity helpers", () => {
  it("From header: the product name quoted, never a header break, the configured address", () => {
    expect(mailAddress("Ledgerchat <no-reply@x.test>")).toBe("no-reply@x.test");
    expect(mailAddress("bare@x.test")).toBe("bare@x.test");
    expect(fromHeader('Evil"\r\nBcc: a@b', "Ledgerchat <n@x.test>")).toBe('"EvilBcc: a@b" <n@x.test>');
  });

  it("templates escape the product name in HTML", () => {
    const mail = renderEmail("verify-email", { url: "https://app.test/v" }, { productName: "<b>Acme</b>" });
    expect(mail.html).toContain("&lt;b&gt;Acme&lt;/b&gt;");
    expect(mail.html).not.toContain("<b>Acme</b>");
    expect(mail.text).toContain("your <b>Acme</b> account");
  });
});
