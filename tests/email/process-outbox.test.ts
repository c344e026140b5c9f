// The outbox worker on real databases: backoff and retries, dead after max attempts, leases,
// and parallel workers that never send a row twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClientForUrl, type DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { backoffMs, processOutbox } from "@/lib/email/process-outbox";
import { createFakeEmailProvider } from "@/tests/fakes/email-provider";
import { type TestDatabase, testBackends, truncateAll } from "@/tests/helpers/db";
import { openTestDatabase } from "./outbox-db";

const verify = { url: "https://app.test/verify?token=t1" };
const half = () => 0.5;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

describe("backoffMs", () => {
  it("grows exponentially from 30 s, capped at 6 h, with jitter in the upper half", () => {
    expect(backoffMs(1, () => 0)).toBe(15_000);
    expect(backoffMs(1, () => 0.999_999)).toBeCloseTo(30_000, -1);
    expect(backoffMs(2, half)).toBe(45_000);
    expect(backoffMs(3, half)).toBe(90_000);
    expect(backoffMs(30, () => 1)).toBe(6 * 60 * 60_000);
    for (let n = 1; n < 10; n++)
      expect(backoffMs(n + 1, () => 0)).toBeGreaterThanOrEqual(backoffMs(n, () => 0.999));
  });
});

describe.each(testBackends())("processOutbox on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db.cleanup();
  });
  beforeEach(async () => {
    await truncateAll(db.prisma);
  });

  const enqueue = (to = "a@example.com") =>
    enqueueEmail(db.prisma, { to, template: "verify-email", data: verify });

  it("retries a failing provider with backoff, then marks the row sent exactly once", async () => {
    const { id } = await enqueue();
    const provider = createFakeEmailProvider({ failFirst: 2 });
    const t0 = later(new Date(), 1_000);
    const opts = { provider, random: half, maxAttempts: 5 };

    expect(await processOutbox(db.prisma, { ...opts, now: t0 })).toEqual({
      sent: 0,
      failed: 1,
      dead: 0,
      skipped: 0,
    });
    let row = await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "fake provider is down",
      lockedUntil: null,
    });
    expect(row.nextAttemptAt).toEqual(later(t0, 22_500));

    // Not due yet: nothing is claimed, nothing sent.
    expect(await processOutbox(db.prisma, { ...opts, now: later(t0, 22_499) })).toEqual({
      sent: 0,
      failed: 0,
      dead: 0,
      skipped: 0,
    });
    expect(provider.calls).toHaveLength(1);

    const t1 = row.nextAttemptAt;
    expect(await processOutbox(db.prisma, { ...opts, now: t1 })).toEqual({
      sent: 0,
      failed: 1,
      dead: 0,
      skipped: 0,
    });
    row = await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row.nextAttemptAt).toEqual(later(t1, 45_000));

    expect(await processOutbox(db.prisma, { ...opts, now: row.nextAttemptAt })).toEqual({
      sent: 1,
      failed: 0,
      dead: 0,
      skipped: 0,
    });
    row = await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      status: "sent",
      attempts: 3,
      lastError: null,
      provider: "fake",
      providerMessageId: `fake-${id}`,
    });
    expect(row.sentAt).toBeInstanceOf(Date);

    expect(await processOutbox(db.prisma, { ...opts, now: later(t0, 86_400_000) })).toEqual({
      sent: 0,
      failed: 0,
      dead: 0,
      skipped: 0,
    });
    expect(provider.sent.get(id)).toBe(1);
    expect(provider.calls).toHaveLength(3);
    const call = provider.calls[2];
    expect(call?.subject).toBe("Verify your email address");
    expect(call?.html).toContain(verify.url);
    expect(call?.text).toContain(verify.url);
    expect(call?.idempotencyKey).toBe(`email-outbox-${id}`);
  });

  it("gives up after maxAttempts, and at once on a permanent failure or data that no longer renders", async () => {
    const { id } = await enqueue();
    const down = createFakeEmailProvider({ failFirst: 100 });
    let now = later(new Date(), 1_000);
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await processOutbox(db.prisma, { provider: down, maxAttempts: 3, now }));
      now = later(now, 7 * 3_600_000);
    }
    expect(results).toEqual([
      { sent: 0, failed: 1, dead: 0, skipped: 0 },
      { sent: 0, failed: 1, dead: 0, skipped: 0 },
      { sent: 0, failed: 0, dead: 1, skipped: 0 },
      { sent: 0, failed: 0, dead: 0, skipped: 0 },
    ]);
    expect(down.calls).toHaveLength(3);
    expect(await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "dead",
      attempts: 3,
    });

    await truncateAll(db.prisma);
    const rejected = await enqueue();
    const permanent = createFakeEmailProvider({ failFirst: 1, permanent: true });
    expect(await processOutbox(db.prisma, { provider: permanent, maxAttempts: 5, now })).toEqual({
      sent: 0,
      failed: 0,
      dead: 1,
      skipped: 0,
    });
    expect(await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id: rejected.id } })).toMatchObject({
      status: "dead",
      attempts: 1,
    });

    // A row written around enqueue's validation (or by an older version) never reaches the provider.
    const broken = await db.prisma.emailOutbox.create({
      data: { to: "a@example.com", template: "verify-email", data: {} },
    });
    const ok = createFakeEmailProvider();
    expect(await processOutbox(db.prisma, { provider: ok, now })).toEqual({
      sent: 0,
      failed: 0,
      dead: 1,
      skipped: 0,
    });
    expect(ok.calls).toHaveLength(0);
    expect((await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id: broken.id } })).status).toBe("dead");
  });

  it("reclaims a row whose claim lease expired, and leaves a live claim alone", async () => {
    const now = later(new Date(), 1_000);
    const stale = await db.prisma.emailOutbox.create({
      data: {
        to: "a@example.com",
        template: "verify-email",
        data: verify,
        status: "sending",
        attempts: 1,
        lockedUntil: later(now, -1),
      },
    });
    const live = await db.prisma.emailOutbox.create({
      data: {
        to: "b@example.com",
        template: "verify-email",
        data: verify,
        status: "sending",
        attempts: 1,
        lockedUntil: later(now, 60_000),
      },
    });
    const provider = createFakeEmailProvider();
    expect(await processOutbox(db.prisma, { provider, now })).toEqual({
      sent: 1,
      failed: 0,
      dead: 0,
      skipped: 0,
    });
    expect([...provider.sent.keys()]).toEqual([stale.id]);
    expect(await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      status: "sent",
      attempts: 2,
    });
    expect((await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id: live.id } })).status).toBe(
      "sending",
    );
  });

  it("never sends a row twice with parallel workers", async () => {
    const total = 60;
    for (let i = 0; i < total; i++) await enqueue(`user${i}@example.com`);
    // On Postgres each worker gets its own client (own connections), like separate processes.
    const extra: DbClient[] = db.url
      ? [createPrismaClientForUrl(db.url), createPrismaClientForUrl(db.url)]
      : [];
    const clients: DbClient[] = [db.prisma, ...extra, db.prisma];
    const provider = createFakeEmailProvider({ delayMs: () => Math.floor(Math.random() * 4) });
    const now = later(new Date(), 1_000);
    try {
      const perWorker = await Promise.all(
        clients.map(async (client) => {
          let sent = 0;
          for (;;) {
            const r = await processOutbox(client, { provider, limit: 4, now });
            sent += r.sent;
            if (r.sent + r.failed + r.dead === 0) return sent;
          }
        }),
      );
      expect(perWorker.reduce((a, b) => a + b, 0)).toBe(total);
      expect(perWorker.filter((n) => n > 0).length).toBeGreaterThan(1);
      expect(provider.sent.size).toBe(total);
      expect([...provider.sent.values()].every((n) => n === 1)).toBe(true);
      expect(provider.calls).toHaveLength(total);
      expect(await db.prisma.emailOutbox.count({ where: { status: "sent", attempts: 1 } })).toBe(total);
    } finally {
      await Promise.all(extra.map((c) => c.$disconnect()));
    }
  });
});
