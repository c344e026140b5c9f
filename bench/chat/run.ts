// Added latency of Ledgerchat's chat path over calling the provider directly, side by side in one
// run: the same fake OpenAI-compatible provider is called (a) directly and through POST /api/chat
// of the production build on Postgres (b) as a guest and (c) as a signed-in user. Time to first
// text byte and total time, p50/p95/p99, at concurrency 1 and 10, and the CPU each request costs
// the server and Postgres. With BENCH_BASELINE_DIR a second build (another checkout) is measured
// in the same interleaved rounds, so two versions are compared under the same machine load. With
// BENCH_TRACING=1 the same build runs twice: "main" with tracing off (as shipped) and "traced" with
// TRACING=1 exporting OTLP to a local sink (otlp-sink.ts), measured in the same rounds.
// Usage: npm run build && npx tsx bench/chat/run.ts
//   env: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test), BENCH_REQUESTS (200),
//   BENCH_CONC (1,10), BENCH_SERVER_NODE_OPTIONS (extra node flags for the server),
//   BENCH_PROFILE=<dir>: a CPU profile of the server over the measured cells only (after warm-up),
//   BENCH_BASELINE_DIR=<checkout>: a built checkout to measure beside this one (e.g. a git worktree)
//   BENCH_TRACING=1: also this build with OpenTelemetry tracing on (always on in the smoke run, which
//   then checks that the traced server exported spans)
//   BENCH_SMOKE=1: a few requests per cell at concurrency 1 and 2, then checks that every turn was
//   settled and saved (no open hold, one charged reply per turn, ledger invariants); no timing.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPrismaClientForUrl } from "@/lib/db";
import { migrateUrl } from "@/lib/db/migrate";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { addPrice } from "@/lib/pricing/prices";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { SMOKE } from "../smoke";
import {
  bare,
  chat,
  chatTurns,
  cookiePool,
  direct,
  health,
  MODEL,
  makeUsers,
  type Server,
  startServer,
} from "./fixtures";
import { type CpuPerRequest, interleaved, pct, type Sample, type Task } from "./measure";
import { type OtlpSink, startOtlpSink } from "./otlp-sink";
import { startProfiler } from "./profiler";

const BASE = new URL(process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
const REQUESTS = SMOKE ? 4 : Number(process.env.BENCH_REQUESTS ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3299);
const PROFILE_DIR = process.env.BENCH_PROFILE;
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR;
const ROUNDS = SMOKE ? 1 : 4;
const WARMUP = SMOKE ? 2 : 30;
const CONCURRENCY = SMOKE ? "1,2" : (process.env.BENCH_CONC ?? "1,10");
const TRACING = SMOKE || process.env.BENCH_TRACING === "1";

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const fmt = (n: number) => n.toFixed(2);

function printTable(title: string, header: string[], rows: string[][]): void {
  console.log(`\n${title}\n`);
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

async function main() {
  const dbName = `lc_bench_${randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  const url = new URL(BASE.toString());
  url.pathname = `/${dbName}`;
  const fake = await startFakeProvider();
  const sink: OtlpSink | undefined = TRACING ? await startOtlpSink() : undefined;
  const servers: Server[] = [];
  try {
    await migrateUrl(url.toString());
    const prisma = createPrismaClientForUrl(url.toString());
    // No provider cost, so guests may use it; 1 PT per input token, 2 per output token.
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
    const secret = randomBytes(36).toString("base64");
    // "main" runs as shipped: tracing off whatever the bench's own environment says.
    const builds: { name: string; dir: string; env?: Record<string, string> }[] = [
      { name: "main", dir: process.cwd(), env: { TRACING: "0" } },
    ];
    if (sink) {
      builds.push({
        name: "traced",
        dir: process.cwd(),
        // The SDK's batch processor exports every 5 s by default; the smoke run waits for one export.
        env: {
          TRACING: "1",
          OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
          OTEL_BSP_SCHEDULE_DELAY: SMOKE ? "200" : "5000",
        },
      });
    }
    if (BASELINE_DIR) builds.push({ name: "base", dir: BASELINE_DIR, env: { TRACING: "0" } });
    const users = await makeUsers(
      prisma,
      secret,
      builds.length * (Math.ceil((REQUESTS * 2 + WARMUP) / 10) + 20),
    );
    await prisma.$disconnect();

    const env = {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: url.toString(),
      // Production with a real database requires real auth settings.
      NEXTAUTH_SECRET: secret,
      OPENAI_COMPATIBLE_BASE_URL: fake.baseUrl,
      OPENAI_COMPATIBLE_MODELS: MODEL,
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
      LOG_LEVEL: "warn",
      // The baseline route (app/api/bench/bare-proxy), refused on any server without this flag.
      BENCH_BARE_PROXY: "1",
    };
    for (const [i, build] of builds.entries()) {
      const port = PORT + 2 * i;
      const inspect = PROFILE_DIR && i === 0 ? `--inspect=127.0.0.1:${port + 1}` : "";
      servers.push(
        await startServer({
          name: build.name,
          dir: build.dir,
          port,
          env: {
            ...env,
            ...build.env,
            NEXTAUTH_URL: `http://127.0.0.1:${port}`,
            APP_URL: `http://127.0.0.1:${port}`,
          },
          nodeOptions: `${process.env.BENCH_SERVER_NODE_OPTIONS ?? ""} ${inspect}`,
        }),
      );
    }

    // Warm up every path (JIT, connection pools, route compilation).
    for (const s of servers) {
      const guests = cookiePool({ port: s.port });
      const signedIn = cookiePool({ users });
      for (let i = 0; i < WARMUP; i++) {
        await direct(fake.baseUrl);
        await chat(s.port, await guests());
        await chat(s.port, await signedIn());
        await bare(s.port);
      }
    }
    const stopProfiler = PROFILE_DIR ? await startProfiler(PORT + 1, PROFILE_DIR) : undefined;

    const latencyRows: string[][] = [];
    const cpuRows: string[][] = [];
    for (const concurrency of CONCURRENCY.split(",").map(Number)) {
      const tasks: Record<string, Task> = { direct: () => direct(fake.baseUrl) };
      const pids: Record<string, number | undefined> = {};
      for (const s of servers) {
        const guests = Array.from({ length: concurrency }, () => cookiePool({ port: s.port }));
        const signedIn = Array.from({ length: concurrency }, () => cookiePool({ users }));
        tasks[`${s.name} guest`] = async (w) => chat(s.port, await (guests[w] as () => Promise<string>)());
        tasks[`${s.name} user`] = async (w) => chat(s.port, await (signedIn[w] as () => Promise<string>)());
        tasks[`${s.name} health`] = () => health(s.port);
        tasks[`${s.name} bare`] = () => bare(s.port);
        for (const kind of ["guest", "user", "health", "bare"]) pids[`${s.name} ${kind}`] = s.pid;
      }
      const { samples, cpu } = await interleaved(concurrency, REQUESTS, ROUNDS, tasks, (k) => pids[k]);
      const at = (key: string, metric: keyof Sample, p: number) =>
        pct(
          (samples[key] ?? []).map((s) => s[metric]),
          p,
        );
      for (const metric of ["ttfb", "total"] as const) {
        for (const p of [50, 95, 99]) {
          const row = [String(concurrency), metric, `p${p}`, fmt(at("direct", metric, p))];
          for (const s of servers) {
            // Added = over the bare streaming proxy on the same server, percentile by percentile.
            const base = at(`${s.name} bare`, metric, p);
            row.push(fmt(base));
            for (const kind of ["guest", "user"]) row.push(fmt(at(`${s.name} ${kind}`, metric, p) - base));
            row.push(fmt(at(`${s.name} health`, metric, p)));
          }
          latencyRows.push(row);
        }
      }
      for (const s of servers) {
        const c = (kind: string) => cpu[`${s.name} ${kind}`] as CpuPerRequest;
        cpuRows.push([
          String(concurrency),
          s.name,
          ...["guest", "user", "bare", "health"].map((k) => fmt(c(k).server)),
          ...["guest", "user", "bare", "health"].map((k) => fmt(c(k).postgres)),
        ]);
      }
    }
    if (stopProfiler) console.log(`server CPU profile (${servers[0]?.name}): ${await stopProfiler()}`);
    if (SMOKE) {
      await smokeChecks(url.toString());
      if (sink) await tracingSmoke(sink);
      return;
    }

    const load = (await import("node:os")).loadavg()[0]?.toFixed(1);
    console.log(`\n${REQUESTS} requests per cell in ${ROUNDS} interleaved rounds, load average ${load}`);
    console.log(
      "fake provider (no delay), production build, Postgres; added = ms over the bare streaming proxy on the same server",
    );
    if (sink) {
      console.log(
        `traced = this build with TRACING=1 exporting OTLP/protobuf to a local sink: ${sink.exports} exports, ` +
          `${Math.round(sink.bytes / 1024)} KB received`,
      );
    }
    printTable(
      "Latency",
      [
        "concurrency",
        "metric",
        "pct",
        "direct ms",
        ...servers.flatMap((s) => [
          `${s.name} bare proxy ms`,
          `${s.name} guest added`,
          `${s.name} user added`,
          `${s.name} health ms`,
        ]),
      ],
      latencyRows,
    );
    printTable(
      "CPU ms per request (/proc; guest cells include creating a guest every 10 requests)",
      [
        "concurrency",
        "build",
        "server: guest",
        "user",
        "bare",
        "health",
        "Postgres: guest",
        "user",
        "bare",
        "health",
      ],
      cpuRows,
    );
  } finally {
    for (const s of servers) s.child.kill("SIGTERM");
    await fake.close();
    await sink?.close();
    await new Promise((r) => setTimeout(r, 500));
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  }
}

/** Every turn streamed was settled and saved once: no open hold, one charged reply per turn. */
async function smokeChecks(url: string): Promise<void> {
  const prisma = createPrismaClientForUrl(url);
  try {
    const [open, settled, replies, violations] = await Promise.all([
      prisma.ledgerHold.count({ where: { status: "open" } }),
      prisma.ledgerHold.count({ where: { status: "settled", charged: { gt: 0n } } }),
      prisma.message.count({ where: { role: "assistant", status: "complete", ptCharged: { gt: 0n } } }),
      checkLedgerInvariants(prisma),
    ]);
    const ok =
      open === 0 && settled === chatTurns.count && replies === chatTurns.count && violations.length === 0;
    console.log(
      `bench/chat smoke: ${chatTurns.count} turns, ${settled} settled holds, ${replies} charged replies, ` +
        `${open} open holds, ${violations.length} invariant violations: ${ok ? "exact" : "MISMATCH"}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
  }
}

/** The traced server's spans reached the collector (the batch processor exports within ~200 ms). */
async function tracingSmoke(sink: OtlpSink): Promise<void> {
  for (let i = 0; i < 50 && sink.exports === 0; i++) await new Promise((r) => setTimeout(r, 100));
  console.log(
    `bench/chat smoke: traced server exported ${sink.exports} batches (${sink.bytes} bytes) over OTLP`,
  );
  if (sink.exports === 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
