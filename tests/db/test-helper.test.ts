// The test-database helper itself: the non-local guard, isolation between databases, cleanup.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { assertLocalDatabaseUrl, createTestDatabase, truncateAll } from "@/tests/helpers/db";

describe("assertLocalDatabaseUrl", () => {
  it.each([
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://postgres@localhost/test",
    "postgresql://postgres@[::1]:5432/test",
    "postgresql:///test?host=/var/run/postgresql",
    "postgresql://postgres@%2Fvar%2Frun%2Fpostgresql/test",
  ])("accepts %s", (url) => {
    expect(() => assertLocalDatabaseUrl(url)).not.toThrow();
  });

  it.each(["postgresql://postgres@db.example.com:5432/prod", "postgresql://postgres@10.0.0.5/test"])(
    "refuses %s",
    (url) => {
      expect(() => assertLocalDatabaseUrl(url)).toThrow(/non-local/);
    },
  );
});

describe("createTestDatabase", () => {
  it("gives isolated migrated databases, truncates, and drops on cleanup", async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      await a.prisma.user.create({ data: { email: "a@example.com" } });
      expect(await b.prisma.user.count()).toBe(0);
      const migrations = await a.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "_prisma_migrations"`;
      await truncateAll(a.prisma);
      expect(await a.prisma.user.count()).toBe(0);
      expect(
        (await a.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "_prisma_migrations"`)[0]
          ?.n,
      ).toBe(migrations[0]?.n);
    } finally {
      await b.cleanup();
    }
    await a.cleanup();
    if (a.url) {
      const name = new URL(a.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        expect(rowCount).toBe(0);
      } finally {
        await admin.end();
      }
    }
  });
});
