// Added latency of the public API over calling the provider directly, side by side in one run:
// the same fake OpenAI-compatible provider is called (a) directly, (b) through the bare streaming
// proxy on the production server (the baseline bench/chat uses: no auth, metering or saving) and
// (c) through POST /v1/chat/completions with an API key (key auth, per-key rate limit, entitlement,
// the metered admission and hold, stream, settlement with the key's counters), streaming with
// include_usage. Time to first text byte and total time, p50/p95/p99, at concurrency 1 and 10, and
// the CPU each request costs the server and Postgres.
// Usage: npm run build && npx tsx bench/api/run.ts
//   env: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test), BENCH_REQUESTS (200),
//   BENCH_CONC (1,10), BENCH_PORT (3297)
//   BENCH_SMOKE=1: a few requests per cell at concurrency 1 and 2, then checks that every request was
//   settled once (no open hold, one charged record per request, key counters exact, ledger invariants).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createKey } from "@/lib/api/keys";
import { createPrismaClientForUrl, type DbClient } from "@/lib/db";
import { migrateUrl } from "@/lib/db/migrate";
import { grantCredits } from "@/lib/ledger/grants";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { addPrice } from "@/lib/pricing/prices";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { acceptLegalInForce, bare, direct, health, MODEL, PROMPT, startServer } from "../chat/fixtures";
import { interleaved, pct, type Sample, timed } from "../chat/measure";
import { SMOKE } from "../smoke";

const BASE = new URL(process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
const REQUESTS = SMOKE ? 4 : Number(process.env.BENCH_REQUESTS ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3297);
const ROUNDS = SMOKE ? 1 : 4;
const WARMUP = SMOKE ? 2 : 30;
const CONCURRENCY = SMOKE ? "1,2" : (process.env.BENCH_CONC ?? "1,10");
/** A key serves at most this many requests: under the Max plan's 60 a minute, however fast the run. */
const USES_PER_KEY = 50;

const fmt = (n: number) => n.toFixed(2);

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Max-plan users with PT, and `count` API keys dealt over them in turn (20 per user), so that the
 * workers, drawing keys in order, run on different accounts: an account's concurrent streams are
 * one pool for chat and every key (the Max plan's 6).
 */
async function makeKeys(prisma: DbClient, count: number): Promise<string[]> {
  const users: string[] = [];
  for (let u = 0; u < Math.ceil(count / 20); u++) {
    const user = await prisma.user.create({
      data: {
        email: `bench-api-${randomBytes(6).toString("hex")}@example.com`,
        emailVerifiedAt: new Date(),
        plan: "max",
      },
      select: { id: true },
    });
    await acceptLegalInForce(prisma, user.id);
    await grantCredits(prisma, {
      account: { kind: "user", userId: user.id },
      amount: 100_000_000n,
      source: "purchase",
      key: `bench-api:${user.id}`,
    });
    users.push(user.id);
  }
  const secrets: string[] = [];
  for (let i = 0; i < count; i++) {
    const userId = users[i % users.length] as string;
    const { secret } = await createKey(prisma, { userId }, { name: `bench ${i}`, scopes: ["chat"] });
    secrets.push(secret);
  }
  return secrets;
}

/** A worker's keys: a fresh one from the shared list every USES_PER_KEY requests. */
function keyPool(keys: string[]): () => string {
  let key = "";
  let used = USES_PER_KEY;
  return () => {
    if (used >= USES_PER_KEY) {
      key = keys.shift() ?? "";
      if (!key) throw new Error("bench: out of API keys");
      used = 0;
    }
    used++;
    return key;
  };
}

/** Requests completed through `api()` (the smoke run checks each was settled once). */
const apiRequests = { count: 0 };

/** One streamed completion through POST /v1/chat/completions with an API key. */
async function api(port: number, key: string): Promise<Sample> {
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 1024,
      messages: [{ role: "user", content: PROMPT }],
    }),
  });
  const sample = await timed(start, response, (c) => /"content":"[^"]/.test(c));
  apiRequests.count++;
  return sample;
}

function printTable(title: string, header: string[], rows: string[][]): void {
  console.log(`\n${title}\n`);
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

async function main() {
  const dbName = `lc_bench_api_${randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  const url = new URL(BASE.toString());
  url.pathname = `/${dbName}`;
  const fake = await startFakeProvider();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await migrateUrl(url.toString());
    const prisma = createPrismaClientForUrl(url.toString());
    await addPrice(prisma, {
      provider: "compatible",
      model: MODEL,
      ptPerMInput: 1_000_000n,
      ptPerMOutput: 2_000_000n,
      costMicroUsdPerMInput: 0n,
      costMicroUsdPerMOutput: 0n,
      tier: "free",
      effectiveFrom: new Date("2025-01-01T00:00:00Z"),
    });
    const concurrencies = CONCURRENCY.split(",").map(Number);
    const perWorker = Math.ceil(REQUESTS / USES_PER_KEY) + 1;
    const keys = await makeKeys(prisma, concurrencies.reduce((n, c) => n + c * perWorker, 0) + WARMUP);
    await prisma.$disconnect();

    const secret = randomBytes(36).toString("base64");
    server = await startServer({
      name: "main",
      dir: process.cwd(),
      port: PORT,
      env: {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: url.toString(),
        NEXTAUTH_SECRET: secret,
        NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
        APP_URL: `http://127.0.0.1:${PORT}`,
        OPENAI_COMPATIBLE_BASE_URL: fake.baseUrl,
        OPENAI_COMPATIBLE_MODELS: MODEL,
        UPSTASH_REDIS_REST_URL: "",
        UPSTASH_REDIS_REST_TOKEN: "",
        LOG_LEVEL: "warn",
        BENCH_BARE_PROXY: "1",
      },
      nodeOptions: process.env.BENCH_SERVER_NODE_OPTIONS ?? "",
    });
    const port = server.port;

    // Warm up every path (JIT, connection pools, route compilation); one key per warm-up request.
    for (let i = 0; i < WARMUP; i++) {
      await direct(fake.baseUrl);
      await api(port, keys.shift() as string);
      await bare(port);
    }

    const latencyRows: string[][] = [];
    const cpuRows: string[][] = [];
    for (const concurrency of concurrencies) {
      const pools = Array.from({ length: concurrency }, () => keyPool(keys));
      const { samples, cpu } = await interleaved(
        concurrency,
        REQUESTS,
        ROUNDS,
        {
          direct: () => direct(fake.baseUrl),
          bare: () => bare(port),
          api: (w) => api(port, (pools[w] as () => string)()),
          health: () => health(port),
        },
        (k) => (k === "direct" ? undefined : server?.pid),
      );
      const at = (key: keyof typeof samples, metric: keyof Sample, p: number) =>
        pct(
          samples[key].map((s) => s[metric]),
          p,
        );
      for (const metric of ["ttfb", "total"] as const)
        for (const p of [50, 95, 99]) {
          const base = at("bare", metric, p);
          latencyRows.push([
            String(concurrency),
            metric,
            `p${p}`,
            fmt(at("direct", metric, p)),
            fmt(base),
            fmt(at("api", metric, p) - base),
            fmt(at("health", metric, p)),
          ]);
        }
      cpuRows.push([
        String(concurrency),
        ...(["api", "bare", "health"] as const).map((k) => fmt(cpu[k].server)),
        ...(["api", "bare", "health"] as const).map((k) => fmt(cpu[k].postgres)),
      ]);
    }
    if (SMOKE) {
      await smokeChecks(url.toString());
      return;
    }
    const load = (await import("node:os")).loadavg()[0]?.toFixed(1);
    console.log(`\n${REQUESTS} requests per cell in ${ROUNDS} interleaved rounds, load average ${load}`);
    console.log("fake provider (no delay), production build, Postgres; added = ms over the bare proxy");
    printTable(
      "Latency",
      ["concurrency", "metric", "pct", "direct ms", "bare proxy ms", "/v1 added ms", "health ms"],
      latencyRows,
    );
    printTable(
      "CPU ms per request (/proc)",
      ["concurrency", "server: /v1", "bare", "health", "Postgres: /v1", "bare", "health"],
      cpuRows,
    );
  } finally {
    server?.child.kill("SIGTERM");
    await fake.close();
    await new Promise((r) => setTimeout(r, 500));
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  }
}

/** Every request was settled once: no open hold, one charged complete record each, key counters exact. */
async function smokeChecks(url: string): Promise<void> {
  const prisma = createPrismaClientForUrl(url);
  try {
    const [open, records, keys, violations] = await Promise.all([
      prisma.ledgerHold.count({ where: { status: "open" } }),
      prisma.apiRequest.findMany({ select: { status: true, ptCharged: true } }),
      prisma.apiKey.findMany({ select: { id: true, spentPt: true, reservedPt: true } }),
      checkLedgerInvariants(prisma),
    ]);
    const charged = records.filter((r) => r.status === "complete" && (r.ptCharged ?? 0n) > 0n).length;
    const spent = keys.reduce((s, k) => s + k.spentPt, 0n);
    const recorded = records.reduce((s, r) => s + (r.ptCharged ?? 0n), 0n);
    const reserved = keys.reduce((s, k) => s + k.reservedPt, 0n);
    const ok =
      open === 0 &&
      charged === apiRequests.count &&
      records.length === apiRequests.count &&
      spent === recorded &&
      reserved === 0n &&
      violations.length === 0;
    console.log(
      `bench/api smoke: ${apiRequests.count} requests, ${charged} charged records, ${open} open holds, ` +
        `keys spent ${spent} PT = recorded ${recorded} PT, ${reserved} PT still reserved, ` +
        `${violations.length} invariant violations: ${ok ? "exact" : "MISMATCH"}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    // Something this script loads keeps a handle open after main() returns (not yet found: the
    // server, the fake provider and both Prisma clients are closed), so the process would never
    // end and `npm run bench:smoke` would hang. Exit once stdout has had a second to drain; the
    // timer is unref'd, so a clean exit is not delayed.
    setTimeout(() => process.exit(), 1_000).unref();
  });
