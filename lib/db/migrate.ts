// The project's migration runner. It does exactly what Prisma's schema engine does for
// `prisma migrate deploy` on Postgres (same lock id, same `_prisma_migrations` table and rows), so
// a database migrated here can later be handed to the real engine and vice versa. Invariants: one
// runner at a time per database (advisory lock), each migration applied once, an applied
// migration is never edited (checksum), and a failed migration blocks everything after it.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/** The smallest surface the runner needs; one session (advisory locks are per session). */
export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a multi-statement script (simple query protocol: one implicit transaction). */
  exec(script: string): Promise<void>;
}

export type MigrationErrorCode =
  | "checksum_mismatch"
  | "failed_migration"
  | "missing_migration"
  | "script_failed";

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    readonly migration: string,
    message: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

/** Prisma's lock id for `migrate` commands on Postgres. */
export const MIGRATION_LOCK_ID = 72707369;

export const DEFAULT_MIGRATIONS_DIR = "prisma/migrations";

// Prisma's DDL for the table, column for column (sql-schema-connector, postgres flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationRow = {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
};

export type LocalMigration = { name: string; script: string; checksum: string; altChecksum?: string };

export function checksumOf(script: string | Buffer): string {
  return createHash("sha256").update(script).digest("hex");
}

/** Migration folder names in apply order (folders holding a migration.sql, sorted by name). */
export async function listMigrationDirs(migrationsDir: string): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    },
  );
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Reads the migration folders in apply order with their checksums. */
export async function readLocalMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  const names = await listMigrationDirs(migrationsDir);
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(migrationsDir, name, "migration.sql"));
      const script = bytes.toString("utf8");
      // Like Prisma, accept a file whose only change is CRLF line endings (git autocrlf checkouts).
      const lf = script.replaceAll("\r\n", "\n");
      return {
        name,
        script,
        checksum: checksumOf(bytes),
        altChecksum: lf === script ? checksumOf(script.replaceAll("\n", "\r\n")) : checksumOf(lf),
      };
    }),
  );
}

export type MigrateOptions = { migrationsDir?: string };

/**
 * Applies every pending migration of the folder on one session, in name order.
 * Throws MigrationError (naming the migration) instead of applying anything doubtful.
 */
export async function runMigrations(
  db: SqlExecutor,
  options: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  // Statically scoped default so the bundler traces only prisma/migrations, not the whole project.
  const migrationsDir = options.migrationsDir
    ? path.resolve(/*turbopackIgnore: true*/ options.migrationsDir)
    : path.join(process.cwd(), "prisma", "migrations");
  const local = await readLocalMigrations(migrationsDir);
  // pg_advisory_lock returns void: read it as text so every driver can decode the row.
  await db.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})::text AS locked`);
  try {
    await db.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await db.query<MigrationRow>(
      `SELECT * FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at ASC`,
    );
    checkHistory(local, rows);
    const done = new Set(rows.map((r) => r.migration_name));
    const applied: string[] = [];
    for (const migration of local) {
      if (done.has(migration.name)) continue;
      await applyOne(db, migration);
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    await db.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID}) AS unlocked`);
  }
}

function checkHistory(local: LocalMigration[], rows: MigrationRow[]): void {
  const byName = new Map(local.map((m) => [m.name, m]));
  for (const row of rows) {
    if (row.finished_at === null) {
      throw new MigrationError(
        "failed_migration",
        row.migration_name,
        `Migration ${row.migration_name} failed (started ${String(row.started_at)}) and was never finished; ` +
          "fix the database by hand, then mark it rolled back (set rolled_back_at) before migrating again.",
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(
        "missing_migration",
        row.migration_name,
        `Migration ${row.migration_name} is applied in the database but missing from the migrations folder.`,
      );
    }
    if (row.checksum !== file.checksum && row.checksum !== file.altChecksum) {
      throw new MigrationError(
        "checksum_mismatch",
        row.migration_name,
        `Migration ${row.migration_name} was modified after it was applied (checksum differs); ` +
          "write a new migration instead of editing an applied one.",
      );
    }
  }
}

async function applyOne(db: SqlExecutor, migration: LocalMigration): Promise<void> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)`,
    [id, migration.checksum, migration.name],
  );
  try {
    await db.exec(migration.script);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Same as Prisma: the row stays with finished_at NULL and the error in logs, blocking later runs.
    await db.query(`UPDATE "_prisma_migrations" SET logs = $1 WHERE id = $2`, [message, id]);
    throw new MigrationError(
      "script_failed",
      migration.name,
      `Migration ${migration.name} failed: ${message}`,
    );
  }
  await db.query(
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1`,
    [id],
  );
}

/** Executor over one pg session (a Client, or a client checked out of a Pool). */
export function pgExecutor(client: pg.ClientBase): SqlExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params);
      return result.rows as T[];
    },
    async exec(script: string) {
      // No parameters → simple query protocol, which accepts many statements.
      await client.query(script);
    },
  };
}

/** Executor over a PGlite instance (always one session). */
export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await db.query<T>(sql, params);
      return result.rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
  };
}

/** Migrates through a pg Pool or Client; a Pool lends one client for the whole run (lock is per session). */
export async function migratePg(target: pg.Pool | pg.ClientBase, options?: MigrateOptions) {
  if ("totalCount" in target) {
    const client = await target.connect();
    try {
      return await runMigrations(pgExecutor(client), options);
    } finally {
      client.release();
    }
  }
  return runMigrations(pgExecutor(target), options);
}

// PGlite is a single session: pg_advisory_lock is re-entrant there, so it cannot keep two runners
// in the same process apart. Queue runs per instance instead.
const pgliteQueues = new WeakMap<PGlite, Promise<unknown>>();

export async function migratePglite(db: PGlite, options?: MigrateOptions): Promise<{ applied: string[] }> {
  const previous = pgliteQueues.get(db) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => runMigrations(pgliteExecutor(db), options));
  pgliteQueues.set(db, run);
  return run;
}

/** Migrates the Postgres database at url with a dedicated connection. */
export async function migrateUrl(url: string, options?: MigrateOptions): Promise<{ applied: string[] }> {
  const { default: pgModule } = await import("pg");
  const client = new pgModule.Client({ connectionString: url });
  await client.connect();
  try {
    return await runMigrations(pgExecutor(client), options);
  } finally {
    await client.end();
  }
}
