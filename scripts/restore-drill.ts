// The restore drill (DEPLOYMENT.md, "Backups"): pg_dump a database, pg_restore it into a fresh
// one, and run the ledger invariant checker on the copy; the copy must also hold the same ledger
// (row counts, balances, open holds) as its source. Exits non-zero on any difference.
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run db:restore-drill
// Without RESTORE_DRILL_DUMP it first builds a source database with ledger activity on it (grants,
// settled, released and still-open holds); with it, it restores that dump instead (a production
// backup, drilled on a local server). Only ever creates and drops databases on this machine.
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createPrismaClientForUrl } from "@/lib/db";
import { migrateUrl } from "@/lib/db/migrate";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { grantCredits } from "@/lib/ledger/grants";
import { release, reserve } from "@/lib/ledger/holds";
import type { Violation } from "@/lib/ledger/invariants";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export type LedgerFingerprint = Record<string, string>;
export type DrillResult = {
  source: string;
  copy: string;
  violations: Violation[];
  before: LedgerFingerprint;
  after: LedgerFingerprint;
  ok: boolean;
};

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  if (!LOCAL_HOSTS.has(url.hostname)) throw new Error(`refusing a non-local database host: ${url.hostname}`);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(base: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** What a restore must reproduce exactly: counts and sums of every ledger table. */
export async function ledgerFingerprint(db: PrismaClient): Promise<LedgerFingerprint> {
  const [row] = await db.$queryRaw<Record<string, bigint | null>[]>`
    SELECT
      (SELECT count(*) FROM "LedgerTransaction") AS transactions,
      (SELECT count(*) FROM "LedgerEntry") AS entries,
      (SELECT coalesce(sum(abs(amount)), 0) FROM "LedgerEntry") AS entry_volume,
      (SELECT count(*) FROM "LedgerGrant") AS grants,
      (SELECT coalesce(sum(remaining), 0) FROM "LedgerGrant") AS grants_remaining,
      (SELECT count(*) FROM "LedgerHold" WHERE status = 'open') AS holds_open,
      (SELECT coalesce(sum(posted), 0) FROM "LedgerAccount") AS posted,
      (SELECT coalesce(sum(pending), 0) FROM "LedgerAccount") AS pending`;
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, String(v ?? 0)]));
}

/** Ledger activity on a fresh database: every kind of row the invariants look at. */
async function seedActivity(db: PrismaClient): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    const account = { kind: "user" as const, userId: randomUUID() };
    await grantCredits(db, {
      account,
      amount: 100_000n,
      source: "purchase",
      key: `drill:grant:${randomUUID()}`,
    });
    const settled = await reserve(db, {
      account,
      amount: 5_000n,
      key: `drill:a:${randomUUID()}`,
      ttlSeconds: 600,
    });
    await settle(db, { holdId: settled.holdId, actual: 3_210n + BigInt(i) });
    const released = await reserve(db, {
      account,
      amount: 700n,
      key: `drill:b:${randomUUID()}`,
      ttlSeconds: 600,
    });
    await release(db, { holdId: released.holdId });
    await reserve(db, { account, amount: 900n, key: `drill:c:${randomUUID()}`, ttlSeconds: 600 });
  }
}

function pgTool(tool: string, args: string[]): void {
  execFileSync(tool, args, { stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * Runs the drill against the Postgres server of baseUrl. `damage` lets the test prove the drill
 * fails on a broken copy. Databases it created are dropped unless keep is set.
 */
export async function runRestoreDrill(options: {
  baseUrl: string;
  dumpFile?: string;
  damage?: (copy: PrismaClient) => Promise<void>;
}): Promise<DrillResult> {
  const suffix = `${process.pid}_${randomBytes(4).toString("hex")}`;
  const source = `drill_src_${suffix}`;
  const copy = `drill_copy_${suffix}`;
  const work = mkdtempSync(path.join(tmpdir(), "ledgerchat-drill-"));
  const dump = options.dumpFile ?? path.join(work, "source.dump");
  const created: string[] = [];
  const clients: PrismaClient[] = [];
  try {
    let before: LedgerFingerprint = {};
    if (!options.dumpFile) {
      await admin(options.baseUrl, (c) => c.query(`CREATE DATABASE "${source}"`));
      created.push(source);
      const sourceUrl = databaseUrl(options.baseUrl, source);
      await migrateUrl(sourceUrl);
      const sourceDb = createPrismaClientForUrl(sourceUrl);
      clients.push(sourceDb);
      await seedActivity(sourceDb);
      before = await ledgerFingerprint(sourceDb);
      pgTool("pg_dump", ["--format=custom", "--no-owner", `--file=${dump}`, sourceUrl]);
    }
    await admin(options.baseUrl, (c) => c.query(`CREATE DATABASE "${copy}"`));
    created.push(copy);
    const copyUrl = databaseUrl(options.baseUrl, copy);
    pgTool("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${copyUrl}`, dump]);
    const copyDb = createPrismaClientForUrl(copyUrl);
    clients.push(copyDb);
    if (options.damage) await options.damage(copyDb);
    const violations = (await checkLedgerInvariants(copyDb)).filter((v) => v.severity === "error");
    const after = await ledgerFingerprint(copyDb);
    const same = options.dumpFile ? true : JSON.stringify(before) === JSON.stringify(after);
    return { source, copy, violations, before, after, ok: violations.length === 0 && same };
  } finally {
    for (const client of clients) await client.$disconnect();
    for (const name of created.reverse())
      await admin(options.baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // A script, not the app: its inputs are its own environment variables.
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl)
    throw new Error("TEST_DATABASE_URL (a local Postgres the drill may create databases on) is required");
  const result = await runRestoreDrill({ baseUrl, dumpFile: process.env.RESTORE_DRILL_DUMP || undefined });
  console.log("restore drill: ledger of the source and of the restored copy");
  for (const key of Object.keys(result.after))
    console.log(
      `  ${key.padEnd(18)} ${(result.before[key] ?? "-").padStart(14)} ${result.after[key]?.padStart(14)}`,
    );
  for (const v of result.violations) console.log(`  ✗ ${v.kind}: ${v.message}`);
  console.log(result.ok ? "✓ restore drill passed" : "✗ restore drill FAILED");
  process.exit(result.ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
