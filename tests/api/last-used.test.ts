// An API key's last use is written off the request path: requests only note it in memory, and one
// statement writes the newest use of every noted key, so 20 concurrent requests on a key cost one
// write, not twenty; the timer writes it without being asked, and a late batch never moves it back.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { authenticateKey } from "@/lib/api/authenticate";
import { flushKeyUse, noteKeyUse } from "@/lib/api/last-used";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { newKey } from "./helpers";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

describe("API keys' last use", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it("20 concurrent requests write nothing on their path, then one batch writes the key once", async () => {
    const userId = await createUser(p, { plan: "max" });
    const key = await newKey(p, userId);
    const other = await newKey(p, userId);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        authenticateKey(p, `Bearer ${(i % 4 === 0 ? other : key).secret}`, `10.0.0.${i % 3}`),
      ),
    );
    const before = await p.apiKey.findMany({ where: { userId }, select: { lastUsedAt: true } });
    expect(before.map((k) => k.lastUsedAt)).toEqual([null, null]);
    // One statement, one row per key however many requests used it.
    expect(await flushKeyUse(p)).toBe(2);
    const row = await p.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.lastUsedIp).toMatch(/^10\.0\.0\.[0-2]$/);
    expect(await flushKeyUse(p)).toBe(0);
  });

  it("is written by the timer without a flush, and an older use never overwrites a newer one", async () => {
    const userId = await createUser(p, { plan: "max" });
    const key = await newKey(p, userId);
    await authenticateKey(p, `Bearer ${key.secret}`, "192.0.2.1");
    let row = await p.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    for (let i = 0; i < 200 && row.lastUsedAt === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await p.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    }
    expect(row.lastUsedIp).toBe("192.0.2.1");
    const newest = row.lastUsedAt as Date;
    noteKeyUse(
      p,
      key.id,
      { lastUsedAt: null, lastUsedIp: null },
      "198.51.100.7",
      new Date(newest.getTime() - 1000),
    );
    expect(await flushKeyUse(p)).toBe(0);
    expect(await p.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({
      lastUsedAt: newest,
      lastUsedIp: "192.0.2.1",
    });
  });
});
