// Retention: the daily job erases conversation text past its period (global, "keep history" off,
// deleted by the user), blanks old mail bodies, old audit rows (when configured), stored API bodies
// and old cron records; it leaves everything younger, and records its counts on the run. The
// Privacy Policy states the periods in force. The user's "keep history" setting is validated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUT as privacyRoute } from "@/app/api/account/privacy/route";
import { runCronJob } from "@/lib/cron/run-job";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { legalDocument } from "@/lib/legal/document";
import { enforceRetention, retentionPolicy } from "@/lib/privacy/retention";
import { installAppDb, setupAuthEnv } from "@/tests/auth/helpers";
import { ctx, freshCaches, type Handler, signedIn } from "@/tests/compliance/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const DAY = 86_400_000;
const NOW = new Date("2026-12-20T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

function put(body: unknown, cookie: string): Request {
  return new Request("http://app.test/api/account/privacy", {
    method: "PUT",
    headers: { "content-type": "application/json", origin: "http://app.test", cookie },
    body: JSON.stringify(body),
  });
}

describe("retention", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => db.cleanup());

  async function conversation(userId: string, updatedAt: Date, deletedAt: Date | null = null) {
    const c = await p.conversation.create({
      data: { userId, title: "secret plans", model: "demo", updatedAt, deletedAt },
    });
    await p.message.create({
      data: { conversationId: c.id, role: "user", content: "hello there", createdAt: updatedAt },
    });
    return c.id;
  }
  const text = async (id: string) => {
    const c = await p.conversation.findUniqueOrThrow({ where: { id }, include: { messages: true } });
    return [c.title, ...c.messages.map((m) => m.content)].join("|");
  };

  it("the user's keep-history setting: bad input refused, then saved", async () => {
    freshCaches();
    const user = await signedIn(p);
    expect((await (privacyRoute as Handler)(put({ keepHistory: "no" }, user.cookie), ctx)).status).toBe(422);
    expect(await p.chatSettings.count({ where: { userId: user.id } })).toBe(0);
    const res = await (privacyRoute as Handler)(put({ keepHistory: false }, user.cookie), ctx);
    expect(res.status).toBe(200);
    expect((await p.chatSettings.findUniqueOrThrow({ where: { userId: user.id } })).keepHistory).toBe(false);
  });

  it("erases only what is past its period and records the counts on the cron run", async () => {
    const keeper = await signedIn(p);
    const forgetter = await signedIn(p);
    await p.chatSettings.create({ data: { userId: forgetter.id, keepHistory: false } });
    const old = await conversation(keeper.id, daysAgo(400));
    const deletedLongAgo = await conversation(keeper.id, daysAgo(60), daysAgo(31));
    const deletedRecently = await conversation(keeper.id, daysAgo(60), daysAgo(5));
    const forgotten = await conversation(forgetter.id, daysAgo(2));
    const fresh = await conversation(forgetter.id, new Date(NOW.getTime() - 3_600_000));
    const mail = async (status: "sent" | "pending", createdAt: Date) =>
      (
        await p.emailOutbox.create({
          data: { to: "a@example.com", template: "notice", data: { subject: "x" }, status, createdAt },
        })
      ).id;
    const oldSent = await mail("sent", daysAgo(31));
    const oldPending = await mail("pending", daysAgo(31));
    const recentSent = await mail("sent", daysAgo(3));
    const oldAudit = await p.auditLog.create({
      data: {
        actorId: keeper.id,
        action: "x",
        targetType: "user",
        targetId: keeper.id,
        createdAt: daysAgo(900),
      },
    });
    const key = await p.apiKey.create({
      data: {
        userId: keeper.id,
        name: "k",
        prefix: "lc_test_",
        lastFour: "zzzz",
        secretHash: `h-${keeper.id}`,
        scopes: [],
      },
    });
    const request = await p.apiRequest.create({
      data: {
        keyId: key.id,
        userId: keeper.id,
        model: "demo",
        stream: false,
        ptReserved: 1n,
        requestBody: { a: 1 },
        createdAt: daysAgo(31),
      },
    });
    await p.cronRun.create({
      data: {
        job: "hold-sweep",
        runKey: "hold-sweep:old",
        status: "succeeded",
        startedAt: daysAgo(40),
        leaseUntil: daysAgo(40),
      },
    });

    const run = await runCronJob(p, "retention", { now: NOW });
    expect(run).toMatchObject({
      outcome: "succeeded",
      stats: {
        conversations: 2,
        messages: 2,
        emailBodies: 1,
        auditRows: 0,
        apiRequestBodies: 1,
        cronRuns: 1,
      },
    });
    expect(await text(old)).toBe("secret plans|hello there"); // global period 0: kept
    expect(await text(deletedLongAgo)).toBe("|");
    expect(await text(deletedRecently)).toBe("secret plans|hello there");
    expect(await text(forgotten)).toBe("|");
    expect((await p.conversation.findUniqueOrThrow({ where: { id: forgotten } })).deletedAt).toEqual(NOW);
    expect(await text(fresh)).toBe("secret plans|hello there");
    const bodies = await p.emailOutbox.findMany({ where: { id: { in: [oldSent, oldPending, recentSent] } } });
    expect(Object.fromEntries(bodies.map((b) => [b.id, b.data]))).toEqual({
      [oldSent]: {},
      [oldPending]: { subject: "x" },
      [recentSent]: { subject: "x" },
    });
    expect(await p.auditLog.count({ where: { id: oldAudit.id } })).toBe(1);
    expect((await p.apiRequest.findUniqueOrThrow({ where: { id: request.id } })).requestBody).toBeNull();
    const stored = await p.cronRun.findFirstOrThrow({ where: { job: "retention" } });
    expect(stored.stats).toMatchObject({ conversations: 2, emailBodies: 1 });

    // Configured periods: conversations after 300 days, audit after 365 days; a second run is a no-op elsewhere.
    const again = await enforceRetention(p, {
      now: NOW,
      policy: { ...retentionPolicy(), conversationDays: 300, auditDays: 365 },
    });
    expect(again).toMatchObject({
      conversations: 1,
      messages: 1,
      emailBodies: 0,
      auditRows: 1,
      apiRequestBodies: 0,
    });
    expect(await text(old)).toBe("|");
    expect(await p.message.count({ where: { conversationId: old } })).toBe(1); // usage row kept
  });

  it("the Privacy Policy states the periods in force", async () => {
    freshCaches();
    process.env.RETENTION_EMAIL_DAYS = "45";
    process.env.RETENTION_CONVERSATION_DAYS = "90";
    process.env.ACCOUNT_DELETION_GRACE_DAYS = "14";
    resetEnvForTests();
    try {
      const markdown = (await legalDocument(p, "privacy"))?.markdown;
      expect(markdown).toContain("their text is removed 45 days after sending");
      expect(markdown).toContain("Their text is erased 90 days after the last message");
      expect(markdown).toContain("takes effect 14 days after you ask");
      expect(markdown).toContain("ended sessions are removed 30 days later");
    } finally {
      delete process.env.RETENTION_EMAIL_DAYS;
      delete process.env.RETENTION_CONVERSATION_DAYS;
      delete process.env.ACCOUNT_DELETION_GRACE_DAYS;
      resetEnvForTests();
    }
  });
});
