// The provider chain from the environment (RESEND_API_KEY + SMTP_URL): Resend first, then SMTP,
// through a fake of Resend's HTTP API and a real SMTP server (smtp-server) whose messages are
// parsed with mailparser. Every provider call is an EmailAttempt row; both failing means retries
// with growing backoff, then dead.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueueEmail } from "@/lib/email/enqueue";
import { backoffMs, processOutbox } from "@/lib/email/process-outbox";
import { resetEmailProviderForTests } from "@/lib/email/providers/select";
import { readUnsubscribeToken } from "@/lib/email/unsubscribe-token";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { forgetOperatorSettings } from "@/lib/settings/operator";
import { createUser, setupAuthEnv } from "@/tests/auth/helpers";
import { type FakeResendServer, startFakeResendServer } from "@/tests/fakes/resend-server";
import { createTestDatabase, type TestDatabase, truncateAll } from "@/tests/helpers/db";
import { type SmtpReceiver, startSmtpReceiver } from "@/tests/helpers/smtp-receiver";

let db: TestDatabase;
let p: PrismaClient;
let resend: FakeResendServer;
let smtp: SmtpReceiver;
const saved = { ...process.env };

const receipt = {
  description: "Top-up: medium",
  amountMinor: 1999n,
  currency: "usd",
  pt: 25_000n,
  paidAt: new Date("2026-11-22T10:15:00Z"),
  reference: "pi_123",
  balanceUrl: "http://app.test/billing",
};

beforeAll(async () => {
  [db, resend, smtp] = await Promise.all([
    createTestDatabase(),
    startFakeResendServer(),
    startSmtpReceiver(),
  ]);
  p = db.prisma;
  setupAuthEnv({
    RESEND_API_KEY: resend.apiKey,
    RESEND_BASE_URL: resend.url,
    SMTP_URL: smtp.url,
    EMAIL_FROM: "Mailer <mail@acme.test>",
  });
  resetEmailProviderForTests();
});
afterAll(async () => {
  process.env = saved;
  resetEnvForTests();
  resetEmailProviderForTests();
  await Promise.all([db.cleanup(), resend.close(), smtp.close()]);
});
beforeEach(async () => {
  await truncateAll(p);
  await p.operatorSetting.create({
    data: { key: "operator", value: { productName: "Acme AI", legalEntity: "Acme AI GmbH" } },
  });
  forgetOperatorSettings();
  resend.failNext(0);
  resend.emails.length = 0;
  smtp.messages.length = 0;
  smtp.refuseNext(0);
});

async function queueReceipt() {
  const user = await createUser(p);
  const { id } = await enqueueEmail(p, {
    to: user.email,
    template: "purchase-receipt",
    userId: user.id,
    data: { ...receipt, name: "Ada" },
  });
  return { id, user };
}

const attempts = (emailId: string) =>
  p.emailAttempt.findMany({ where: { emailId }, orderBy: [{ attempt: "asc" }, { createdAt: "asc" }] });

describe("Resend, then SMTP", () => {
  it("Resend failing (500) falls back to SMTP in the same attempt: the real SMTP server gets the branded mail", async () => {
    const { id, user } = await queueReceipt();
    resend.failNext(1, 500);
    expect(await processOutbox(p, {})).toEqual({ sent: 1, failed: 0, dead: 0, skipped: 0 });

    expect(resend.requests).toBeGreaterThan(0);
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(smtp.envelopes[0]).toEqual([user.email]);
    expect(mail?.from?.value[0]).toEqual({ name: "Acme AI", address: "mail@acme.test" });
    expect(mail?.subject).toBe("Your Acme AI receipt: $19.99");
    expect(mail?.text).toContain("25,000 PT were added to your balance");
    expect(mail?.text).toContain("Acme AI GmbH");
    expect(mail?.html).toContain("$19.99");
    expect(mail?.html).toContain("Acme AI");
    expect(mail?.headers.get("x-ledgerchat-email-id")).toBe(id);
    // RFC 8058: the one-click pair, the URL intact (not folded or encoded) with a valid token.
    const line = (key: string) => mail?.headerLines.find((h) => h.key === key)?.line ?? "";
    expect(line("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const raw = line("list-unsubscribe");
    const url = /^List-Unsubscribe: <(http:\/\/app\.test\/api\/email\/unsubscribe\?token=[^>\s]+)>$/.exec(
      raw,
    )?.[1];
    expect(url, raw).toBeDefined();
    const token = new URL(url as string).searchParams.get("token") ?? "";
    expect(readUnsubscribeToken(token)).toEqual({ userId: user.id, category: "billing" });
    expect(mail?.text).toMatch(/Unsubscribe: http:\/\/app\.test\/unsubscribe\?token=/);

    expect(await p.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "sent",
      attempts: 1,
      provider: "smtp",
      lastError: null,
    });
    const log = await attempts(id);
    expect(log.map((a) => [a.attempt, a.provider, a.outcome])).toEqual([
      [1, "resend", "failed"],
      [1, "smtp", "sent"],
    ]);
    expect(log[0]?.error).toMatch(/500/);
    expect(log[1]?.error).toBeNull();
    for (const a of log) expect(a.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("Resend answering sends there only, with the unsubscribe headers in its request", async () => {
    const { id } = await queueReceipt();
    expect(await processOutbox(p, {})).toEqual({ sent: 1, failed: 0, dead: 0, skipped: 0 });
    expect(smtp.messages).toHaveLength(0);
    expect(resend.emails).toHaveLength(1);
    const headers = resend.emails[0]?.body.headers as Record<string, string>;
    expect(headers["List-Unsubscribe"]).toMatch(/^<http:\/\/app\.test\/api\/email\/unsubscribe\?token=.+>$/);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(resend.emails[0]?.body.from).toBe('"Acme AI" <mail@acme.test>');
    expect((await attempts(id)).map((a) => [a.provider, a.outcome])).toEqual([["resend", "sent"]]);
  });

  it("a Resend refusal (422) still falls back: SMTP may accept what Resend would not", async () => {
    const { id } = await queueReceipt();
    resend.failNext(1, 422);
    expect(await processOutbox(p, {})).toMatchObject({ sent: 1 });
    expect((await attempts(id)).map((a) => [a.provider, a.outcome])).toEqual([
      ["resend", "rejected"],
      ["smtp", "sent"],
    ]);
  });

  it("essential mail carries no List-Unsubscribe", async () => {
    const user = await createUser(p);
    await enqueueEmail(p, {
      to: user.email,
      template: "verify-email",
      userId: user.id,
      data: { url: "http://app.test/verify-email?token=t" },
    });
    resend.failNext(1, 503);
    expect(await processOutbox(p, {})).toMatchObject({ sent: 1 });
    expect(smtp.messages[0]?.headerLines.some((h) => h.key.startsWith("list-"))).toBe(false);
    expect(smtp.messages[0]?.text).not.toContain("Unsubscribe");
  });

  it("both failing: retried with growing backoff, each claim logging both providers, then dead", async () => {
    const { id } = await queueReceipt();
    resend.failNext(100, 500);
    smtp.refuseNext(100, 451);
    const maxAttempts = 3;
    let now = new Date(Date.now() + 1_000);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = await processOutbox(p, { now, maxAttempts, random: () => 0.5 });
      const row = await p.emailOutbox.findUniqueOrThrow({ where: { id } });
      if (attempt < maxAttempts) {
        expect(result).toEqual({ sent: 0, failed: 1, dead: 0, skipped: 0 });
        expect(row.status).toBe("failed");
        expect(row.lastError).toMatch(/resend: .*500.* \| smtp: .*451/);
        const delay = row.nextAttemptAt.getTime() - now.getTime();
        expect(delay).toBe(backoffMs(attempt, () => 0.5));
        delays.push(delay);
        // Not due a moment before the backoff ends: nothing is tried.
        expect(
          await processOutbox(p, { now: new Date(row.nextAttemptAt.getTime() - 1), maxAttempts }),
        ).toEqual({ sent: 0, failed: 0, dead: 0, skipped: 0 });
        now = row.nextAttemptAt;
      } else {
        expect(result).toEqual({ sent: 0, failed: 0, dead: 1, skipped: 0 });
        expect(row).toMatchObject({ status: "dead", attempts: maxAttempts, provider: "smtp" });
      }
    }
    expect(delays[1]).toBeGreaterThan(delays[0] as number);
    const log = await attempts(id);
    expect(log.map((a) => [a.attempt, a.provider, a.outcome])).toEqual([
      [1, "resend", "failed"],
      [1, "smtp", "failed"],
      [2, "resend", "failed"],
      [2, "smtp", "failed"],
      [3, "resend", "failed"],
      [3, "smtp", "failed"],
    ]);
    expect(log.filter((a) => a.provider === "smtp").every((a) => /451/.test(a.error ?? ""))).toBe(true);
    expect(smtp.messages).toHaveLength(0);
  });

  it("both refusing for good (422, then 550) is dead at once", async () => {
    const { id } = await queueReceipt();
    resend.failNext(1, 422);
    smtp.refuseNext(1, 550);
    expect(await processOutbox(p, {})).toEqual({ sent: 0, failed: 0, dead: 1, skipped: 0 });
    expect((await attempts(id)).map((a) => a.outcome)).toEqual(["rejected", "rejected"]);
  });

  it("a recipient who turned the category off: skipped, recorded, no provider called", async () => {
    const { id, user } = await queueReceipt();
    await p.emailOptOut.create({ data: { userId: user.id, category: "billing", source: "settings" } });
    const before = resend.requests;
    expect(await processOutbox(p, {})).toEqual({ sent: 0, failed: 0, dead: 0, skipped: 1 });
    expect(resend.requests).toBe(before);
    expect(smtp.messages).toHaveLength(0);
    const row = await p.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "skipped", lockedUntil: null });
    expect(row.lastError).toMatch(/turned off billing/);
    expect(await attempts(id)).toEqual([]);
    // Finished: a later run does not pick it up again.
    expect(await processOutbox(p, { now: new Date(Date.now() + 86_400_000) })).toMatchObject({ skipped: 0 });
  });
});
