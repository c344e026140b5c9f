// Test databases. With TEST_DATABASE_URL: a fresh, uniquely named Postgres database per call,
// copied from a migrated template (built once, reused while the migrations are unchanged) and
// dropped on cleanup; the URL must point at this machine. Without it: an in-memory PGlite,
// loaded from a migrated snapshot taken once per process.
import { createHash, randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createPrismaClientForPglite, createPrismaClientForUrl } from "@/lib/db";
import { DEFAULT_MIGRATIONS_DIR, migratePglite, migrateUrl, readLocalMigrations } from "@/lib/db/migrate";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type TestDatabase = {
  prisma: PrismaClient;
  url?: string;
  pglite?: PGlite;
  cleanup(): Promise<void>;
};

export type EmptyTestDatabase = { url?: string; pglite?: PGlite; cleanup(): Promise<void> };

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);
// Serializes template builds across vitest workers (distinct from the migration lock id).
const TEMPLATE_LOCK_ID = 72707370;

/** Throws unless url targets a database on this machine: tests create and drop databases. */
export function assertLocalDatabaseUrl(url: string): URL {
  const parsed = new URL(url);
  const host = decodeURIComponent(parsed.hostname);
  const socketHost = parsed.searchParams.get("host");
  const isSocket = host === "" || host.startsWith("/") || (socketHost?.startsWith("/") ?? false);
  if (!isSocket && !LOCAL_HOSTS.has(host)) {
    throw new Error(`Refusing to run database tests against non-local host "${host}" (TEST_DATABASE_URL).`);
  }
  return parsed;
}

export function testDatabaseUrl(): string | undefined {
  // Tests may read process.env directly: TEST_DATABASE_URL is not app configuration.
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : undefined;
}

function urlForDatabase(base: URL, name: string): string {
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(base: URL, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

let templatePromise: Promise<string> | undefined;

/** Name of a migrated template database for the current migrations (built under a lock if missing). */
function templateDatabase(base: URL): Promise<string> {
  templatePromise ??= (async () => {
    const files = await readLocalMigrations(DEFAULT_MIGRATIONS_DIR);
    const hash = createHash("sha256")
      .update(files.map((f) => `${f.name}:${f.checksum}`).join("\n"))
      .digest("hex")
      .slice(0, 16);
    const name = `lc_tpl_${hash}`;
    await withAdmin(base, async (admin) => {
      await admin.query(`SELECT pg_advisory_lock(${TEMPLATE_LOCK_ID})::text`);
      try {
        const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (rowCount) return;
        // Build under a temporary name and rename, so a half-built template is never used.
        const building = uniqueName("lc_tplbuild");
        await admin.query(`CREATE DATABASE "${building}"`);
        await migrateUrl(urlForDatabase(base, building));
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
        // Older templates are kept: another checkout (a git worktree, a parallel run) may still be
        // copying from one, and CREATE ... TEMPLATE fails if it vanishes underneath.
      } finally {
        await admin.query(`SELECT pg_advisory_unlock(${TEMPLATE_LOCK_ID})`);
      }
    });
    return name;
  })();
  templatePromise.catch(() => {
    templatePromise = undefined;
  });
  return templatePromise;
}

async function createPgDatabase(
  base: URL,
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName("lc_test");
  await withAdmin(base, (admin) =>
    admin.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`),
  );
  return {
    url: urlForDatabase(base, name),
    drop: () =>
      withAdmin(base, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(),
  };
}

// Creating a PGlite cluster costs seconds; loading a dumped data directory costs a fraction.
const snapshots = new Map<"empty" | "migrated", Promise<Blob>>();

async function pgliteFromSnapshot(kind: "empty" | "migrated"): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  let snapshot = snapshots.get(kind);
  if (!snapshot) {
    snapshot = (async () => {
      const seed = await PGlite.create();
      try {
        if (kind === "migrated") await migratePglite(seed);
        return await seed.dumpDataDir("none");
      } finally {
        await seed.close();
      }
    })();
    snapshots.set(kind, snapshot);
  }
  return PGlite.create({ loadDataDir: await snapshot });
}

export type TestBackend = "postgres" | "pglite";

/** Backends to run backend-agnostic tests on: PGlite always, Postgres when TEST_DATABASE_URL is set. */
export function testBackends(): TestBackend[] {
  return testDatabaseUrl() ? ["postgres", "pglite"] : ["pglite"];
}

/** A migrated database with a Prisma client on it (Postgres when TEST_DATABASE_URL is set, unless asked for PGlite). */
export async function createTestDatabase(
  backend: TestBackend = testDatabaseUrl() ? "postgres" : "pglite",
): Promise<TestDatabase> {
  const rawUrl = testDatabaseUrl();
  if (backend === "postgres") {
    if (!rawUrl) throw new Error("TEST_DATABASE_URL is required for the postgres backend");
    const base = assertLocalDatabaseUrl(rawUrl);
    const db = await createPgDatabase(base, await templateDatabase(base));
    const prisma = createPrismaClientForUrl(db.url);
    return {
      prisma,
      url: db.url,
      async cleanup() {
        await prisma.$disconnect();
        await db.drop();
      },
    };
  }
  const pglite = await pgliteFromSnapshot("migrated");
  const prisma = createPrismaClientForPglite(pglite);
  return {
    prisma,
    pglite,
    async cleanup() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/** An empty database (no migrations applied) for migration-runner tests. */
export async function createEmptyTestDatabase(
  backend: TestBackend = testDatabaseUrl() ? "postgres" : "pglite",
): Promise<EmptyTestDatabase> {
  const rawUrl = testDatabaseUrl();
  if (backend === "postgres") {
    if (!rawUrl) throw new Error("TEST_DATABASE_URL is required for the postgres backend");
    const db = await createPgDatabase(assertLocalDatabaseUrl(rawUrl));
    return { url: db.url, cleanup: db.drop };
  }
  const pglite = await pgliteFromSnapshot("empty");
  return { pglite, cleanup: () => pglite.close() };
}

/** Empties every table of the public schema except Prisma's migration history. */
export async function truncateAll(prisma: PrismaClient): Promise<void> {
  const tables = await prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename::text AS tablename FROM pg_tables
    WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map((t) => `"public"."${t.tablename.replaceAll('"', '""')}"`).join(", ");
  await prisma.$executeRawUnsafe(`TRUNCATE TABLE ${list} RESTART IDENTITY CASCADE`);
}
