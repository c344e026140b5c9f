// The migration runner against real Postgres (TEST_DATABASE_URL) and PGlite: same rows as Prisma's
// engine, idempotent, serialized by the advisory lock, and refusing edited or failed history.
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  MigrationError,
  type MigrationRow,
  migratePglite,
  migrateUrl,
  pgExecutor,
  runMigrations,
} from "@/lib/db/migrate";
import { createEmptyTestDatabase, type EmptyTestDatabase, testBackends } from "@/tests/helpers/db";

type Target = {
  migrate(dir: string): Promise<{ applied: string[] }>;
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
};

function targetFor(db: EmptyTestDatabase): Target {
  const { url, pglite } = db;
  if (pglite) {
    return {
      migrate: (migrationsDir) => migratePglite(pglite, { migrationsDir }),
      query: async (sql) => (await pglite.query(sql)).rows as never,
    };
  }
  if (!url) throw new Error("test database has neither url nor pglite");
  return {
    migrate: (migrationsDir) => migrateUrl(url, { migrationsDir }),
    async query(sql) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    },
  };
}

async function writeMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}

const rows = (t: Target) =>
  t.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name, started_at`);

async function tableExists(t: Target, table: string): Promise<boolean> {
  const found = await t.query<{ name: string | null }>(
    `SELECT to_regclass('public."${table}"')::text AS name`,
  );
  return found[0]?.name != null;
}

describe.each(testBackends())("migration runner on %s", (backend) => {
  let db: EmptyTestDatabase;
  let target: Target;
  let dir: string;

  beforeEach(async () => {
    db = await createEmptyTestDatabase(backend);
    target = targetFor(db);
    dir = await mkdtemp(path.join(tmpdir(), "lc-migrations-"));
  });

  afterEach(async () => {
    await db.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it("applies the project's migrations once, with rows shaped like Prisma's", async () => {
    await cp("prisma/migrations", dir, { recursive: true });
    const first = await target.migrate(dir);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(await tableExists(target, "User")).toBe(true);

    const before = await rows(target);
    expect((await target.migrate(dir)).applied).toEqual([]);
    expect(await rows(target)).toEqual(before);

    for (const row of before) {
      const bytes = await readFile(path.join(dir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.started_at.getTime()).toBeLessThanOrEqual((row.finished_at as Date).getTime());
    }
    expect(before.map((r) => r.migration_name)).toEqual(first.applied);

    const columns = await target.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
      ["id", "character varying", "NO"],
      ["checksum", "character varying", "NO"],
      ["finished_at", "timestamp with time zone", "YES"],
      ["migration_name", "character varying", "NO"],
      ["logs", "text", "YES"],
      ["rolled_back_at", "timestamp with time zone", "YES"],
      ["started_at", "timestamp with time zone", "NO"],
      ["applied_steps_count", "integer", "NO"],
    ]);
  });

  it("applies each migration once when two runners start together", async () => {
    await writeMigration(dir, "20260101000000_a", `SELECT pg_sleep(0.3); CREATE TABLE "A" (id int);`);
    await writeMigration(dir, "20260101000001_b", `CREATE TABLE "B" (id int);`);
    const results = await Promise.all([target.migrate(dir), target.migrate(dir)]);
    const all = results.flatMap((r) => r.applied).sort();
    expect(all).toEqual(["20260101000000_a", "20260101000001_b"]);
    const applied = await rows(target);
    expect(applied.map((r) => r.migration_name)).toEqual(["20260101000000_a", "20260101000001_b"]);
  });

  it("refuses an edited migration and applies nothing after it", async () => {
    await writeMigration(dir, "20260101000000_a", `CREATE TABLE "A" (id int);`);
    await target.migrate(dir);
    await writeMigration(dir, "20260101000000_a", `CREATE TABLE "A" (id bigint);`);
    await writeMigration(dir, "20260101000001_b", `CREATE TABLE "B" (id int);`);

    const error = await target.migrate(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: "checksum_mismatch", migration: "20260101000000_a" });
    expect(await tableExists(target, "B")).toBe(false);
    expect((await rows(target)).map((r) => r.migration_name)).toEqual(["20260101000000_a"]);
  });

  it("accepts a migration whose only change is CRLF line endings", async () => {
    await writeMigration(
      dir,
      "20260101000000_a",
      `CREATE TABLE "A" (id int);\nCREATE TABLE "A2" (id int);\n`,
    );
    await target.migrate(dir);
    await writeMigration(
      dir,
      "20260101000000_a",
      `CREATE TABLE "A" (id int);\r\nCREATE TABLE "A2" (id int);\r\n`,
    );
    expect((await target.migrate(dir)).applied).toEqual([]);
  });

  it("records a failed migration, rolls its script back, and refuses the next run", async () => {
    await writeMigration(dir, "20260101000000_a", `CREATE TABLE "A" (id int);`);
    await writeMigration(dir, "20260101000001_b", `CREATE TABLE "B" (id int);\nSELECT 1/0;`);
    await writeMigration(dir, "20260101000002_c", `CREATE TABLE "C" (id int);`);

    const error = await target.migrate(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "script_failed", migration: "20260101000001_b" });
    expect(await tableExists(target, "A")).toBe(true);
    expect(await tableExists(target, "B")).toBe(false);
    expect(await tableExists(target, "C")).toBe(false);
    const failed = (await rows(target)).find((r) => r.migration_name === "20260101000001_b");
    expect(failed).toMatchObject({ finished_at: null, applied_steps_count: 0 });
    expect(failed?.logs).toMatch(/division by zero/);

    // Fixing the file is not enough: the failed row must be resolved by a human first.
    await writeMigration(dir, "20260101000001_b", `CREATE TABLE "B" (id int);`);
    await expect(target.migrate(dir)).rejects.toMatchObject({
      code: "failed_migration",
      migration: "20260101000001_b",
    });
    expect(await tableExists(target, "C")).toBe(false);

    // Once marked rolled back (what `prisma migrate resolve --rolled-back` does), it is re-applied.
    await target.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE finished_at IS NULL`);
    expect((await target.migrate(dir)).applied).toEqual(["20260101000001_b", "20260101000002_c"]);
  });

  it("refuses when an applied migration is missing from the folder", async () => {
    await writeMigration(dir, "20260101000000_a", `CREATE TABLE "A" (id int);`);
    await target.migrate(dir);
    await rm(path.join(dir, "20260101000000_a"), { recursive: true });
    await writeMigration(dir, "20260101000001_b", `CREATE TABLE "B" (id int);`);
    await expect(target.migrate(dir)).rejects.toMatchObject({
      code: "missing_migration",
      migration: "20260101000000_a",
    });
    expect(await tableExists(target, "B")).toBe(false);
  });
});

describe.each(testBackends().filter((b) => b === "postgres"))("migration runner over a pg Pool (%s)", () => {
  it("holds one pooled session for the whole run", async () => {
    const db = await createEmptyTestDatabase("postgres");
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      const client = await pool.connect();
      try {
        const result = await runMigrations(pgExecutor(client));
        expect(result.applied.length).toBeGreaterThan(0);
      } finally {
        client.release();
      }
      const { migratePg } = await import("@/lib/db/migrate");
      expect((await migratePg(pool)).applied).toEqual([]);
    } finally {
      await pool.end();
      await db.cleanup();
    }
  });
});
