// Ledger benchmark: reserve+settle pairs per second with p50/p99 latency, for (a) one worker on one
// account, (b) 20 workers on 20 accounts, (c) 20 workers on one account. Baselines in the same run:
// the same logical operations as plain parameterized SQL through pg (no Prisma, no validation, no
// idempotency lookups), and pgbench's one-row UPDATE as the hot-row ceiling. Prints a markdown
// table and checks the ledger invariants afterwards. Not a test: nothing asserts on wall time.
//   npx tsx bench/ledger/run.ts            (BENCH_DATABASE_URL, default postgres on 127.0.0.1)
//   BENCH_SECONDS=4 BENCH_WORKERS=20       (optional)
//   BENCH_SMOKE=1: 4 workers, a fraction of a second per cell, no pgbench; checks that every
//   account's balance is exactly its grant minus 60 PT per pair and the invariants hold; no timing.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { statementName } from "@/lib/db";
import { migrateUrl } from "@/lib/db/migrate";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { ensureAccount, systemAccountId } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { assertLocalDatabaseUrl } from "@/tests/helpers/db";
import { SMOKE } from "../smoke";

const BASE =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";
const SECONDS = SMOKE ? 0.4 : Number(process.env.BENCH_SECONDS ?? 4);
const WORKERS = SMOKE ? 4 : Number(process.env.BENCH_WORKERS ?? 20);
const ROUNDS = SMOKE ? 2 : 4;
const GRANT = 10n ** 15n;
const HOLD = 100n;
const CHARGE = 60n;

type Pair = (account: number) => Promise<void>;
type Result = { pairsPerSec: number; p50: number; p99: number; pairs: number };
type Sample = { latencies: number[]; seconds: number };

async function run(
  sample: Sample,
  seconds: number,
  workers: number,
  accountOf: (w: number) => number,
  pair: Pair,
) {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await pair(accountOf(w));
        sample.latencies.push(performance.now() - t);
      }
    }),
  );
  sample.seconds += (performance.now() - started) / 1000;
}

function summarize(sample: Sample): Result {
  const latencies = [...sample.latencies].sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    pairsPerSec: latencies.length / sample.seconds,
    p50: q(0.5),
    p99: q(0.99),
    pairs: latencies.length,
  };
}

/**
 * Runs the two implementations in alternating short rounds (ROUNDS × SECONDS/ROUNDS each), so a
 * machine shared with other work loads both the same way; the ratio is what this bench is for.
 */
async function compare(
  workers: number,
  accountOf: (w: number) => number,
  a: Pair,
  b: Pair,
): Promise<[Result, Result]> {
  const sa: Sample = { latencies: [], seconds: 0 };
  const sb: Sample = { latencies: [], seconds: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    await run(sa, SECONDS / ROUNDS, workers, accountOf, a);
    await run(sb, SECONDS / ROUNDS, workers, accountOf, b);
  }
  return [summarize(sa), summarize(sb)];
}

function pgbench(url: URL, clients: number): number {
  const script = path.join(tmpdir(), `lc-pgbench-${process.pid}.sql`);
  writeFileSync(script, "UPDATE bench_row SET n = n + 1 WHERE id = 1;\n");
  const out = execFileSync(
    "pgbench",
    [
      "-h",
      url.hostname,
      "-p",
      url.port || "5432",
      "-U",
      decodeURIComponent(url.username || "postgres"),
      "-n",
      "-c",
      String(clients),
      "-j",
      String(Math.min(clients, 2)),
      "-T",
      String(SECONDS),
      "-f",
      script,
      url.pathname.slice(1),
    ],
    { encoding: "utf8" },
  );
  return Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
}

async function main(): Promise<void> {
  const base = assertLocalDatabaseUrl(BASE);
  const name = `lc_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  // The app's client configuration (lib/db.ts): named prepared statements. The baseline names its
  // two statements too, so the ratio is the ledger layer's cost, not a difference in protocol.
  const statementNameGenerator = statementName as (query: { sql: string }) => string;
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url.toString(), max: WORKERS + 4 }, { statementNameGenerator }),
  });
  const pool = new pg.Pool({ connectionString: url.toString(), max: WORKERS + 4 });
  try {
    await migrateUrl(url.toString());
    const users = Array.from({ length: WORKERS }, () => ({ kind: "user" as const, userId: randomUUID() }));
    const ids: string[] = [];
    for (const user of users) {
      await grantCredits(prisma, {
        account: user,
        amount: GRANT,
        source: "purchase",
        key: randomUUID(),
      });
      ids.push((await ensureAccount(prisma, user)).id);
    }
    const revenue = await systemAccountId(prisma, "usage_revenue");

    // Pairs completed per account, by either implementation: each must have charged exactly CHARGE.
    const paired = new Array<bigint>(WORKERS).fill(0n);
    const ledgerPair: Pair = async (a) => {
      const hold = await reserve(prisma, {
        account: users[a] as (typeof users)[number],
        amount: HOLD,
        key: randomUUID(),
        ttlSeconds: 300,
      });
      await settle(prisma, {
        holdId: hold.holdId,
        actual: CHARGE,
        metadata: { model: "demo", inputTokens: 10, outputTokens: 50 },
      });
      paired[a] = (paired[a] ?? 0n) + 1n;
    };

    // The same logical operations, hand-written for pg: expiry-aware conditional pending bump +
    // hold insert; then hold close, account update, priority-ordered multi-grant draw, draw rows,
    // transaction and two entries — one statement each. What it leaves out is what the ledger
    // layer adds: input validation, idempotent-repeat handling, the short-draw guard, Prisma.
    const plainPair: Pair = async (a) => {
      const accountId = ids[a] as string;
      const holdId = randomUUID();
      const r = await pool.query({
        name: "plain_reserve",
        text: `WITH acct AS (UPDATE "LedgerAccount" a SET pending = a.pending + $2 WHERE a.id = $1 AND a.debt = 0
                         AND NOT a.frozen AND a.posted - a.pending - (SELECT coalesce(sum(g.remaining), 0)
                           FROM "LedgerGrant" g WHERE g."accountId" = a.id AND g.remaining > 0 AND g."expiresAt" <= now()) >= $2
                         RETURNING a.id)
         INSERT INTO "LedgerHold" (id, key, "accountId", amount, status, "expiresAt")
         SELECT $3, $4, acct.id, $2, 'open', now() + interval '300 seconds' FROM acct RETURNING id`,
        values: [accountId, HOLD, holdId, randomUUID()],
      });
      if (r.rowCount !== 1) throw new Error("plain reserve refused");
      const txId = randomUUID();
      await pool.query({
        name: "plain_settle",
        text: `WITH h AS (UPDATE "LedgerHold" SET status = 'settled', charged = LEAST($2::bigint, amount), "transactionId" = $3, "closedAt" = now()
                    WHERE id = $1 AND status = 'open' RETURNING id, "accountId", amount, charged),
         acct AS (UPDATE "LedgerAccount" a SET posted = a.posted - h.charged, pending = a.pending - h.amount
                  FROM h WHERE a.id = h."accountId" RETURNING a.id, a.posted),
         g AS (SELECT id, remaining, priority, "expiresAt", "createdAt" FROM "LedgerGrant"
               WHERE "accountId" = (SELECT id FROM acct) AND remaining > 0 FOR UPDATE),
         o AS (SELECT id, remaining, sum(remaining) OVER (ORDER BY priority, "expiresAt" NULLS LAST, "createdAt", id) AS upto FROM g),
         take AS (SELECT o.id, LEAST(o.remaining, h.charged - (o.upto - o.remaining)) AS pt FROM o, h WHERE o.upto - o.remaining < h.charged),
         tx AS (INSERT INTO "LedgerTransaction" (id, kind, "idempotencyKey", metadata)
                SELECT $3, 'usage', 'settle:' || h.id::text, $5::jsonb FROM h RETURNING id),
         gu AS (UPDATE "LedgerGrant" x SET remaining = x.remaining - take.pt FROM take WHERE x.id = take.id),
         d AS (INSERT INTO "LedgerGrantDraw" ("grantId", "transactionId", amount) SELECT take.id, (SELECT id FROM tx), take.pt FROM take)
         INSERT INTO "LedgerEntry" ("transactionId", "accountId", amount, "balanceAfter")
         SELECT (SELECT id FROM tx), acct.id, -h.charged, acct.posted FROM acct, h
         UNION ALL SELECT (SELECT id FROM tx), $4::uuid, h.charged, NULL FROM h`,
        values: [
          holdId,
          CHARGE,
          txId,
          revenue,
          JSON.stringify({ model: "demo", inputTokens: 10, outputTokens: 50 }),
        ],
      });
      paired[a] = (paired[a] ?? 0n) + 1n;
    };

    const scenarios: [string, number, (w: number) => number][] = [
      ["(a) sequential, 1 account", 1, () => 0],
      [`(b) ${WORKERS} workers, ${WORKERS} accounts`, WORKERS, (w) => w],
      [`(c) ${WORKERS} workers, 1 account`, WORKERS, () => 0],
    ];
    // Warm up connections and plans.
    if (!SMOKE) await compare(WORKERS, (w) => w, ledgerPair, plainPair);
    const rows: string[] = [];
    for (const [label, workers, accountOf] of scenarios) {
      const [ledger, plain] = await compare(workers, accountOf, ledgerPair, plainPair);
      const ratio = ledger.pairsPerSec / plain.pairsPerSec;
      rows.push(
        `| ${label} | ${ledger.pairsPerSec.toFixed(0)} | ${ledger.p50.toFixed(2)} / ${ledger.p99.toFixed(2)} | ` +
          `${plain.pairsPerSec.toFixed(0)} | ${plain.p50.toFixed(2)} / ${plain.p99.toFixed(2)} | ${ratio.toFixed(2)}x |`,
      );
    }
    const violations = await checkLedgerInvariants(prisma);
    const balances = await pool.query<{ id: string; posted: string; pending: string }>(
      `SELECT id::text, posted::text, pending::text FROM "LedgerAccount" WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const wrong = ids.flatMap((id, a) => {
      const row = balances.rows.find((r) => r.id === id);
      const expected = GRANT - CHARGE * (paired[a] ?? 0n);
      return row && BigInt(row.posted) === expected && row.pending === "0"
        ? []
        : [`${id}: posted ${row?.posted} pending ${row?.pending}, expected ${expected} / 0`];
    });
    if (SMOKE) {
      const pairs = paired.reduce((s, n) => s + n, 0n);
      console.log(
        `bench/ledger smoke: ${pairs} reserve+settle pairs over ${WORKERS} accounts (ledger and plain pg), ` +
          `balances exact: ${wrong.length ? `NO ${wrong.slice(0, 3).join("; ")}` : "yes"}, invariant violations: ${violations.length}`,
      );
      if (violations.length || wrong.length || pairs === 0n) process.exitCode = 1;
      return;
    }
    await pool.query("CREATE TABLE bench_row (id int PRIMARY KEY, n bigint NOT NULL)");
    await pool.query("INSERT INTO bench_row VALUES (1, 0)");
    const one = pgbench(url, 1);
    const many = pgbench(url, WORKERS);
    const pgVersion = (await pool.query("SHOW server_version")).rows[0]?.server_version as string;

    console.log(
      `\nLedger benchmark — ${SECONDS}s per cell in ${ROUNDS} alternating rounds, Postgres ${pgVersion}, Node ${process.version}\n`,
    );
    console.log(
      "| scenario | ledger pairs/s | ledger p50 / p99 ms | plain pg pairs/s | plain p50 / p99 ms | ledger / plain |",
    );
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const row of rows) console.log(row);
    console.log(
      `\npgbench one-row UPDATE ceiling (statements/s, a pair is 2 statements): 1 client ${one.toFixed(0)} tps, ${WORKERS} clients ${many.toFixed(0)} tps`,
    );
    console.log(
      `Invariant violations afterwards: ${violations.length}${violations.length ? ` ${JSON.stringify(violations.slice(0, 3))}` : ""}; balances exact: ${wrong.length ? "NO" : "yes"}`,
    );
    if (violations.length || wrong.length) process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
    await pool.end();
    // Idle pooled connections may outlive end() briefly; let them close before dropping.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await admin
      .query(`DROP DATABASE IF EXISTS "${name}"`)
      .catch(() => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
