// The real providers end to end through the outbox: nodemailer against a local SMTP server and
// the resend SDK against a local fake of Resend's API (its baseUrl option points it there).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueueEmail } from "@/lib/email/enqueue";
import { processOutbox } from "@/lib/email/process-outbox";
import { createResendProvider } from "@/lib/email/providers/resend";
import { getEmailProviders, resetEmailProviderForTests } from "@/lib/email/providers/select";
import { createSmtpProvider } from "@/lib/email/providers/smtp";
import { resetEnvForTests } from "@/lib/env";
import { type FakeResendServer, startFakeResendServer } from "@/tests/fakes/resend-server";
import { type FakeSmtpServer, startFakeSmtpServer } from "@/tests/fakes/smtp-server";
import { createTestDatabase, type TestDatabase, truncateAll } from "@/tests/helpers/db";

const verify = { url: "https://app.test/verify?token=abc123", name: "Ada" };
const FROM = "Ledgerchat <no-reply@ledgerchat.test>";
let db: TestDatabase;
let now: Date;
// Each run steps far enough past any backoff that retried rows are due again.
const run = (provider: Parameters<typeof processOutbox>[1] extends infer O ? O : never) => {
  now = new Date(now.getTime() + 7 * 3_600_000);
  return processOutbox(db.prisma, { from: FROM, maxAttempts: 4, now, ...provider });
};
const row = (id: string) => db.prisma.emailOutbox.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.cleanup();
});
beforeEach(async () => {
  await truncateAll(db.prisma);
  now = new Date();
});

describe("SMTP provider (nodemailer → local SMTP server)", () => {
  let smtp: FakeSmtpServer;
  beforeAll(async () => {
    smtp = await startFakeSmtpServer({ rejectRecipients: ["nobody@example.com"] });
  });
  afterAll(async () => {
    await smtp.close();
  });

  it("retries after 451 replies, then delivers one message with both parts and the row id", async () => {
    smtp.messages.length = 0;
    smtp.failNext(2);
    const provider = createSmtpProvider({ url: smtp.url });
    const { id } = await enqueueEmail(db.prisma, {
      to: "ada@example.com",
      template: "verify-email",
      data: verify,
    });

    expect(await run({ provider })).toEqual({ sent: 0, failed: 1, dead: 0, skipped: 0 });
    expect((await row(id)).lastError).toMatch(/451/);
    expect(await run({ provider })).toEqual({ sent: 0, failed: 1, dead: 0, skipped: 0 });
    expect(await run({ provider })).toEqual({ sent: 1, failed: 0, dead: 0, skipped: 0 });
    expect(await run({ provider })).toEqual({ sent: 0, failed: 0, dead: 0, skipped: 0 });

    expect(smtp.transientFailures).toBe(2);
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail?.from).toBe("no-reply@ledgerchat.test");
    expect(mail?.to).toEqual(["ada@example.com"]);
    expect(mail?.data).toMatch(/^Subject: Verify your email address$/m);
    expect(mail?.data).toMatch(new RegExp(`^X-Ledgerchat-Email-Id: ${id}$`, "mi"));
    expect(mail?.data).toContain("multipart/alternative");
    expect(mail?.data).toContain("Content-Type: text/plain");
    expect(mail?.data).toContain("Content-Type: text/html");
    const sent = await row(id);
    expect(sent).toMatchObject({ status: "sent", attempts: 3, provider: "smtp" });
    expect(sent.providerMessageId).toMatch(/@/);
  });

  it("marks a mail dead at once when the server rejects the recipient (5xx)", async () => {
    const provider = createSmtpProvider({ url: smtp.url });
    const { id } = await enqueueEmail(db.prisma, {
      to: "nobody@example.com",
      template: "verify-email",
      data: verify,
    });
    expect(await run({ provider })).toEqual({ sent: 0, failed: 0, dead: 1, skipped: 0 });
    expect(await row(id)).toMatchObject({ status: "dead", attempts: 1 });
  });

  it("retries when the server is unreachable", async () => {
    const closed = await startFakeSmtpServer();
    await closed.close();
    const provider = createSmtpProvider({ url: closed.url });
    const { id } = await enqueueEmail(db.prisma, {
      to: "ada@example.com",
      template: "verify-email",
      data: verify,
    });
    expect(await run({ provider })).toEqual({ sent: 0, failed: 1, dead: 0, skipped: 0 });
    expect((await row(id)).lastError).toMatch(/ECONNREFUSED/);
  });
});

describe("Resend provider (resend SDK → local fake API)", () => {
  let resend: FakeResendServer;
  beforeAll(async () => {
    resend = await startFakeResendServer();
  });
  afterAll(async () => {
    await resend.close();
  });
  afterEach(() => {
    resend.emails.length = 0;
  });

  it("retries a 500, then sends once with the API key, both parts and the row id as idempotency key", async () => {
    resend.failNext(1, 500);
    const provider = createResendProvider({ apiKey: resend.apiKey, baseUrl: resend.url });
    const { id } = await enqueueEmail(db.prisma, {
      to: "ada@example.com",
      template: "password-reset",
      data: { ...verify, expiresMinutes: 30 },
    });

    expect(await run({ provider })).toEqual({ sent: 0, failed: 1, dead: 0, skipped: 0 });
    expect((await row(id)).lastError).toMatch(/500/);
    expect(await run({ provider })).toEqual({ sent: 1, failed: 0, dead: 0, skipped: 0 });

    expect(resend.emails).toHaveLength(1);
    const [email] = resend.emails;
    expect(email?.idempotencyKey).toBe(`email-outbox-${id}`);
    expect(email?.body).toMatchObject({
      from: FROM,
      to: ["ada@example.com"],
      subject: "Reset your password",
      headers: { "X-Ledgerchat-Email-Id": id },
    });
    expect(email?.body.html).toContain(verify.url);
    expect(email?.body.text).toContain("expires in 30 minutes");
    expect(await row(id)).toMatchObject({ status: "sent", provider: "resend" });
  });

  it("marks a mail dead at once on a validation error (422)", async () => {
    resend.failNext(1, 422);
    const provider = createResendProvider({ apiKey: resend.apiKey, baseUrl: resend.url });
    const { id } = await enqueueEmail(db.prisma, {
      to: "ada@example.com",
      template: "verify-email",
      data: verify,
    });
    expect(await run({ provider })).toEqual({ sent: 0, failed: 0, dead: 1, skipped: 0 });
    expect((await row(id)).lastError).toMatch(/validation_error \(422\)/);
  });

  it("is chosen by RESEND_API_KEY and RESEND_BASE_URL from the environment", async () => {
    const saved = { ...process.env };
    process.env.RESEND_API_KEY = resend.apiKey;
    process.env.RESEND_BASE_URL = resend.url;
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    resetEnvForTests();
    resetEmailProviderForTests();
    try {
      // Both configured: Resend first, SMTP as its fallback.
      expect(getEmailProviders().map((p) => p.name)).toEqual(["resend", "smtp"]);
      await enqueueEmail(db.prisma, { to: "ada@example.com", template: "verify-email", data: verify });
      expect(await run({})).toEqual({ sent: 1, failed: 0, dead: 0, skipped: 0 });
      expect(resend.emails).toHaveLength(1);
    } finally {
      process.env = saved;
      resetEnvForTests();
      resetEmailProviderForTests();
    }
  });
});
