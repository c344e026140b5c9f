// The Prisma client of this process. With DATABASE_URL it talks to Postgres through adapter-pg;
// without it, to an embedded PGlite (real Postgres in WASM) persisted at DATA_DIR/pglite and
// migrated on open (the server's start seeds it: instrumentation.ts). Exactly one client (and one
// PGlite) per process, cached on globalThis so Next's dev hot reload reuses it instead of opening a new pool per reload.
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { migratePglite } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

export type DbClient = PrismaClient;
/** What a domain function takes: the client, or the transaction it must compose inside. */
export type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Whether `db` is the top-level client rather than a transaction's. Prisma 7 transaction clients
 * also expose $transaction (nested, via savepoints, which the PGlite adapter lacks); only the
 * top-level client can $disconnect.
 */
export function isClient(db: Db): db is PrismaClient {
  return typeof (db as PrismaClient).$disconnect === "function";
}

/**
 * Runs fn in one database transaction: a new one on the client, or inline when the caller already
 * passed a transaction client (so a caller can compose the call with its own writes).
 */
export async function inTransaction<T>(db: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if (isClient(db)) return db.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
  return fn(db);
}

type DbState = {
  client?: Promise<PrismaClient>;
  pglite?: PGlite;
  lockFile?: string;
};

const globalForDb = globalThis as typeof globalThis & { __ledgerchatDb?: DbState };

function state(): DbState {
  globalForDb.__ledgerchatDb ??= {};
  return globalForDb.__ledgerchatDb;
}

// Named prepared statements: Postgres parses and plans a statement once per connection instead of
// on every call. The ledger's reserve and settle are large CTEs whose parse + plan took about
// 1.3 ms of the server's time per call when sent unnamed (bench/README.md). At most
// MAX_NAMED_STATEMENTS distinct SQL texts are named (queries with varying IN lists must not grow
// the per-connection cache without bound); the rest run unnamed as before.
const MAX_NAMED_STATEMENTS = 1_000;
const statementNames = new Map<string, string>();

export function statementName(query: { sql: string }): string | undefined {
  let name = statementNames.get(query.sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `lc_${createHash("sha256").update(query.sql).digest("hex").slice(0, 32)}`;
    statementNames.set(query.sql, name);
  }
  return name;
}

export function createPrismaClientForUrl(url: string): PrismaClient {
  // Off behind a transaction-mode pooler that cannot carry named statements between transactions.
  const named = env().DATABASE_PREPARED_STATEMENTS;
  // The adapter passes the name straight to pg's query config, where undefined means unnamed.
  const statementNameGenerator = statementName as (query: { sql: string }) => string;
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url }, named ? { statementNameGenerator } : {}),
  });
}

export function createPrismaClientForPglite(pglite: PGlite): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPGlite(pglite) });
}

/** The process-wide client; the first call opens (and for PGlite migrates) the database. */
export function getDb(): Promise<PrismaClient> {
  const s = state();
  if (!s.client) {
    const url = env().DATABASE_URL;
    s.client = url ? Promise.resolve(createPrismaClientForUrl(url)) : openEmbedded(s);
    // A failed open must not be cached forever: the next call retries.
    s.client.catch(() => {
      if (state().client === s.client) s.client = undefined;
    });
  }
  return s.client;
}

async function openEmbedded(s: DbState): Promise<PrismaClient> {
  const dir = path.resolve(/*turbopackIgnore: true*/ env().DATA_DIR, "pglite");
  await mkdir(dir, { recursive: true });
  s.lockFile = await takeDirLock(dir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const pglite = await PGlite.create({ dataDir: dir });
    s.pglite = pglite;
    const { applied } = await migratePglite(pglite);
    if (applied.length > 0) logger.info({ applied }, "embedded database migrated");
    // Seeding is the server start's job (lib/admin/seed.ts), so this core module imports no domain.
    return createPrismaClientForPglite(pglite);
  } catch (error) {
    await s.pglite?.close().catch(() => undefined);
    s.pglite = undefined;
    await releaseDirLock(s);
    throw error;
  }
}

// PGlite has no cross-process locking: two processes on one data directory corrupt it. A pid
// file makes the second process fail with a clear message instead (a stale file is taken over).
async function takeDirLock(dir: string): Promise<string> {
  const file = path.join(dir, "..", "pglite.pid");
  const owner = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `The embedded database at ${dir} is open in another process (pid ${owner}). ` +
        `Stop it, or delete ${file} if that process is not Ledgerchat.`,
    );
  }
  await writeFile(file, String(process.pid));
  return file;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function releaseDirLock(s: DbState): Promise<void> {
  if (s.lockFile) await rm(s.lockFile, { force: true });
  s.lockFile = undefined;
}

/** Disconnects the process-wide client and closes the embedded database, if open. */
export async function closeDb(): Promise<void> {
  const s = state();
  const client = s.client;
  s.client = undefined;
  if (client) await (await client.catch(() => undefined))?.$disconnect();
  if (s.pglite) await s.pglite.close();
  s.pglite = undefined;
  await releaseDirLock(s);
}

/** Readiness: true when `SELECT 1` answers within timeoutMs. Never throws. */
export async function pingDatabase(timeoutMs = 2_000): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = (async () => {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return true;
  })().catch((error: unknown) => {
    logger.warn({ err: error }, "database ping failed");
    return false;
  });
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
