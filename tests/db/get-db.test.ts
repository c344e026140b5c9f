// getDb without DATABASE_URL: embedded PGlite under DATA_DIR, migrated on open and seeded by the
// server's start (seedOnFirstStart) the first time; one client per process, data kept across close
// and reopen, and one owner process per directory.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_ADMIN_EMAIL, seedOnFirstStart } from "@/lib/admin/seed";
import { closeDb, getDb, pingDatabase } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";

describe("getDb on embedded PGlite", () => {
  let dataDir: string;
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "lc-data-"));
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    resetEnvForTests();
  });

  afterAll(async () => {
    await closeDb();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetEnvForTests();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("migrates and seeds on first start, and keeps data across close and reopen", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const [first, second] = await Promise.all([getDb(), getDb()]);
    expect(first).toBe(second);
    expect(await first.user.count()).toBe(0); // opening never seeds: lib/db.ts imports no domain
    expect(await seedOnFirstStart(first)).toHaveLength(2);
    expect(await first.user.count({ where: { email: DEFAULT_ADMIN_EMAIL, role: "ADMIN" } })).toBe(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain(DEFAULT_ADMIN_EMAIL);
    await first.user.create({ data: { email: "kept@example.com" } });
    expect(await pingDatabase()).toBe(true);
    await closeDb();

    warn.mockClear();
    const reopened = await getDb();
    expect(reopened).not.toBe(first);
    expect(await reopened.user.findUnique({ where: { email: "kept@example.com" } })).not.toBeNull();
    expect(await reopened.user.count()).toBe(3);
    expect(await seedOnFirstStart(reopened)).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    await closeDb();
  });

  it("refuses a data directory owned by another live process", async () => {
    await writeFile(path.join(dataDir, "pglite.pid"), String(process.ppid));
    await expect(getDb()).rejects.toThrow(/open in another process/);
    await rm(path.join(dataDir, "pglite.pid"));
    expect(await (await getDb()).user.count()).toBe(3);
  });
});
