// Where the ledger's time goes beside plain SQL: a CPU profile (node:inspector) of N sequential
// reserve+settle pairs through the ledger and N through the plain-pg statements of run.ts, with
// the profile's self time grouped by package, and the wall time per pair of each.
//   npx tsx bench/ledger/profile.ts   (BENCH_DATABASE_URL or TEST_DATABASE_URL, BENCH_PAIRS=300)
import { randomUUID } from "node:crypto";
import { Session } from "node:inspector/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { statementName } from "@/lib/db";
import { migrateUrl } from "@/lib/db/migrate";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { ensureAccount, systemAccountId } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { assertLocalDatabaseUrl } from "@/tests/helpers/db";

const BASE =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";
const PAIRS = Number(process.env.BENCH_PAIRS ?? 300);

type Node = { id: number; callFrame: { url: string; functionName: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function group(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : `native ${fn || "(anonymous)"}`;
  if (url.includes("@prisma") || url.includes("lib/generated")) return "prisma";
  if (/node_modules\/pg/.test(url)) return "pg";
  if (url.includes("/lib/")) return "lib (ledger code)";
  if (url.startsWith("node:")) return `node internals (${url.split("/")[0]})`;
  return "other";
}

function summarize(profile: Profile, pairs: number): Record<string, string> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const g = n ? group(n.callFrame.url, n.callFrame.functionName) : "?";
    ms.set(g, (ms.get(g) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return Object.fromEntries(
    [...ms.entries()].sort((a, b) => b[1] - a[1]).map(([g, t]) => [g, (t / pairs).toFixed(3)]),
  );
}

async function main() {
  const base = assertLocalDatabaseUrl(BASE);
  const name = `lc_prof_${process.pid}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  const statementNameGenerator = statementName as (query: { sql: string }) => string;
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url.toString(), max: 2 }, { statementNameGenerator }),
  });
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  try {
    await migrateUrl(url.toString());
    const user = { kind: "user" as const, userId: randomUUID() };
    await grantCredits(prisma, { account: user, amount: 10n ** 15n, source: "purchase", key: randomUUID() });
    const accountId = (await ensureAccount(prisma, user)).id;
    const revenue = await systemAccountId(prisma, "usage_revenue");
    const ledgerPair = async () => {
      const hold = await reserve(prisma, { account: user, amount: 100n, key: randomUUID(), ttlSeconds: 300 });
      await settle(prisma, { holdId: hold.holdId, actual: 60n, metadata: { model: "demo" } });
    };
    const plainPair = async () => {
      const holdId = randomUUID();
      await pool.query({
        name: "p_reserve",
        text: `WITH acct AS (UPDATE "LedgerAccount" a SET pending = a.pending + $2 WHERE a.id = $1 AND a.debt = 0
               AND NOT a.frozen AND a.posted - a.pending >= $2 RETURNING a.id)
               INSERT INTO "LedgerHold" (id, key, "accountId", amount, status, "expiresAt")
               SELECT $3, $4, acct.id, $2, 'open', now() + interval '300 seconds' FROM acct RETURNING id`,
        values: [accountId, 100, holdId, randomUUID()],
      });
      await pool.query({
        name: "p_settle",
        text: `WITH h AS (UPDATE "LedgerHold" SET status = 'settled', charged = LEAST($2::bigint, amount), "transactionId" = $3, "closedAt" = now()
               WHERE id = $1 AND status = 'open' RETURNING id, "accountId", amount, charged),
               acct AS (UPDATE "LedgerAccount" a SET posted = a.posted - h.charged, pending = a.pending - h.amount FROM h WHERE a.id = h."accountId" RETURNING a.id, a.posted),
               g AS (SELECT id, remaining, priority, "expiresAt", "createdAt" FROM "LedgerGrant" WHERE "accountId" = (SELECT id FROM acct) AND remaining > 0 FOR UPDATE),
               o AS (SELECT id, remaining, sum(remaining) OVER (ORDER BY priority, "expiresAt" NULLS LAST, "createdAt", id) AS upto FROM g),
               take AS (SELECT o.id, LEAST(o.remaining, h.charged - (o.upto - o.remaining)) AS pt FROM o, h WHERE o.upto - o.remaining < h.charged),
               tx AS (INSERT INTO "LedgerTransaction" (id, kind, "idempotencyKey", metadata) SELECT $3, 'usage', 'settle:' || h.id::text, '{}'::jsonb FROM h RETURNING id),
               gu AS (UPDATE "LedgerGrant" x SET remaining = x.remaining - take.pt FROM take WHERE x.id = take.id),
               d AS (INSERT INTO "LedgerGrantDraw" ("grantId", "transactionId", amount) SELECT take.id, (SELECT id FROM tx), take.pt FROM take)
               INSERT INTO "LedgerEntry" ("transactionId", "accountId", amount, "balanceAfter")
               SELECT (SELECT id FROM tx), acct.id, -h.charged, acct.posted FROM acct, h
               UNION ALL SELECT (SELECT id FROM tx), $4::uuid, h.charged, NULL FROM h`,
        values: [holdId, 60, randomUUID(), revenue],
      });
    };
    for (let i = 0; i < 50; i++) {
      await ledgerPair();
      await plainPair();
    }
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    for (const [label, pair] of [
      ["ledger", ledgerPair],
      ["plain pg", plainPair],
    ] as const) {
      await session.post("Profiler.start");
      const t = performance.now();
      for (let i = 0; i < PAIRS; i++) await pair();
      const wall = (performance.now() - t) / PAIRS;
      const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
      console.log(`${label}: ${wall.toFixed(2)} ms wall per pair; Node CPU ms per pair by package:`);
      console.log(summarize(profile, PAIRS));
    }
    session.disconnect();
  } finally {
    await prisma.$disconnect();
    await pool.end();
    await new Promise((r) => setTimeout(r, 300));
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
