// The daily data-cleanup job deletes only what nothing needs any more: throttles aged out of every
// window with no live block, tokens used or expired over a week ago, sessions ended over 30 days
// ago, expired stream-slot leases; everything younger or still live stays.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupAuthData } from "@/lib/auth/cleanup";
import { jobHandler } from "@/lib/cron/jobs";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { makeUser } from "@/tests/admin/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const now = new Date("2026-11-22T03:40:00Z");
const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

describe("data-cleanup", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
  });
  afterAll(async () => db?.cleanup());

  it("deletes aged-out rows and keeps live or recent ones", async () => {
    const user = await makeUser(p);
    await p.authThrottle.createMany({
      data: [
        { key: "acct:old", failures: 3, lastFailureAt: ago(25) },
        { key: "acct:recent", failures: 3, lastFailureAt: ago(23) },
        { key: "acct:blocked", failures: 12, lastFailureAt: ago(30), blockedUntil: ago(-2) },
      ],
    });
    const token = (kind: "verify_email" | "password_reset", extra: { expiresAt: Date; usedAt?: Date }) => ({
      userId: user.id,
      kind,
      tokenHash: randomUUID(),
      email: "someone@example.com",
      ...extra,
    });
    await p.authToken.createMany({
      data: [
        token("verify_email", { expiresAt: ago(24 * 8) }), // expired 8 days ago → gone
        token("password_reset", { expiresAt: ago(24 * 6) }), // expired 6 days ago → kept
        token("verify_email", { expiresAt: ago(-24), usedAt: ago(24 * 9) }), // used 9 days ago → gone
        token("verify_email", { expiresAt: ago(-24) }), // live → kept
      ],
    });
    const session = (extra: { expiresAt: Date; revokedAt?: Date }) => ({
      userId: user.id,
      method: "password",
      ...extra,
    });
    await p.session.createMany({
      data: [
        session({ expiresAt: ago(24 * 31) }), // ended 31 days ago → gone
        session({ expiresAt: ago(-24), revokedAt: ago(24 * 40) }), // revoked 40 days ago → gone
        session({ expiresAt: ago(-24), revokedAt: ago(24 * 2) }), // revoked 2 days ago → kept
        session({ expiresAt: ago(-24) }), // live → kept
      ],
    });
    await p.chatStreamSlot.createMany({
      data: [
        { ownerKey: "u:a", slot: 0, messageId: randomUUID(), expiresAt: ago(1) },
        { ownerKey: "u:b", slot: 0, messageId: randomUUID(), expiresAt: ago(-1) },
      ],
    });

    const handler = jobHandler("data-cleanup");
    expect(handler).toBeDefined();
    expect(
      await handler?.({ db: p, now, runKey: "data-cleanup:2026-11-21", target: "2026-11-21", attempt: 1 }),
    ).toMatchObject({
      throttles: 1,
      tokens: 2,
      sessions: 2,
      streamSlots: 1,
      accountsErased: 0,
    });
    expect((await p.authThrottle.findMany({ orderBy: { key: "asc" } })).map((t) => t.key)).toEqual([
      "acct:blocked",
      "acct:recent",
    ]);
    expect(await p.authToken.count()).toBe(2);
    expect(await p.session.count()).toBe(2);
    expect((await p.chatStreamSlot.findMany()).map((s) => s.ownerKey)).toEqual(["u:b"]);
    // A second run finds nothing more.
    expect(await cleanupAuthData(p, { now })).toEqual({
      throttles: 0,
      tokens: 0,
      sessions: 0,
      streamSlots: 0,
    });
  });
});
