// enqueueEmail on real databases: validated at enqueue, idempotent on dedupeKey (also under
// concurrency), and transactional with the caller.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmailDataError, enqueueEmail } from "@/lib/email/enqueue";
import { type TestDatabase, testBackends, truncateAll } from "@/tests/helpers/db";
import { openTestDatabase } from "./outbox-db";

const verify = { url: "https://app.test/verify?token=t1", name: "Ada" };

describe.each(testBackends())("enqueueEmail on %s", (backend) => {
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

  it("writes a pending row with the data as JSON", async () => {
    const userId = crypto.randomUUID();
    const at = new Date("2026-11-22T10:15:00.000Z");
    const res = await enqueueEmail(db.prisma, {
      to: " ada@example.com ",
      template: "new-sign-in",
      data: { device: "Firefox", ip: "203.0.113.7", time: at },
      userId,
    });
    expect(res.created).toBe(true);
    const row = await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id: res.id } });
    expect(row).toMatchObject({
      to: "ada@example.com",
      template: "new-sign-in",
      status: "pending",
      attempts: 0,
      userId,
    });
    expect(row.data).toEqual({ device: "Firefox", ip: "203.0.113.7", time: at.toISOString() });
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it("is idempotent on dedupeKey: the second call returns the first row and writes nothing", async () => {
    const first = await enqueueEmail(db.prisma, {
      to: "a@example.com",
      template: "verify-email",
      data: verify,
      dedupeKey: "k1",
    });
    const second = await enqueueEmail(db.prisma, {
      to: "a@example.com",
      template: "verify-email",
      data: { url: "https://app.test/other" },
      dedupeKey: "k1",
    });
    expect(second).toEqual({ id: first.id, created: false });
    const rows = await db.prisma.emailOutbox.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.data).toEqual(verify);
    // Without a key, every call is a new mail.
    await enqueueEmail(db.prisma, { to: "a@example.com", template: "verify-email", data: verify });
    await enqueueEmail(db.prisma, { to: "a@example.com", template: "verify-email", data: verify });
    expect(await db.prisma.emailOutbox.count()).toBe(3);
  });

  it("creates exactly one row when many callers race on one dedupeKey", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        enqueueEmail(db.prisma, {
          to: "a@example.com",
          template: "verify-email",
          data: verify,
          dedupeKey: "race",
        }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await db.prisma.emailOutbox.count()).toBe(1);
  });

  it("belongs to the caller's transaction: rolled back with it, and a duplicate key does not abort it", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await enqueueEmail(tx, {
          to: "a@example.com",
          template: "verify-email",
          data: verify,
          dedupeKey: "tx",
        });
        throw new Error("caller fails after enqueue");
      }),
    ).rejects.toThrow("caller fails");
    expect(await db.prisma.emailOutbox.count()).toBe(0);

    const first = await enqueueEmail(db.prisma, {
      to: "a@example.com",
      template: "verify-email",
      data: verify,
      dedupeKey: "tx",
    });
    const inTx = await db.prisma.$transaction(async (tx) => {
      const again = await enqueueEmail(tx, {
        to: "a@example.com",
        template: "verify-email",
        data: verify,
        dedupeKey: "tx",
      });
      // The transaction is still usable after the conflict.
      await enqueueEmail(tx, {
        to: "b@example.com",
        template: "two-factor-changed",
        data: { enabled: true },
      });
      return again;
    });
    expect(inTx).toEqual({ id: first.id, created: false });
    expect(await db.prisma.emailOutbox.count()).toBe(2);
  });

  it("rejects bad data and bad addresses at enqueue time, writing nothing", async () => {
    await expect(
      enqueueEmail(db.prisma, {
        to: "a@example.com",
        template: "password-reset",
        data: { url: "https://app.test/r" },
      }),
    ).rejects.toThrow(EmailDataError);
    await expect(
      enqueueEmail(db.prisma, {
        to: "a@example.com",
        template: "verify-email",
        data: { url: "javascript:alert(1)" },
      }),
    ).rejects.toThrow(/url/);
    await expect(
      enqueueEmail(db.prisma, {
        to: "a@example.com\r\nBcc: x@evil.test",
        template: "verify-email",
        data: verify,
      }),
    ).rejects.toThrow(EmailDataError);
    expect(await db.prisma.emailOutbox.count()).toBe(0);
  });
});
