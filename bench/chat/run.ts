// Added latency of Ledgerchat's chat path over calling the provider directly, side by side in one
// run: the same fake OpenAI-compatible provider is called (a) directly and through POST /api/chat
// of the production build on Postgres (b) as a guest and (c) as a signed-in user. Time to first
// text byte and total time, p50/p95/p99, at concurrency 1 and 10.
// Usage: npm run build && npx tsx bench/chat/run.ts
//   env: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test), BENCH_REQUESTS (200),
//   BENCH_CONC (1,10), BENCH_SERVER_NODE_OPTIONS (extra node flags for the server),
//   BENCH_PROFILE=<dir>: a CPU profile of the server over the measured cells only (after warm-up)
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { createSession } from "@/lib/auth/sessions";
import { createPrismaClientForUrl, type DbClient } from "@/lib/db";
import { migrateUrl } from "@/lib/db/migrate";
import { grantCredits } from "@/lib/ledger/grants";
import { addPrice } from "@/lib/pricing/prices";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";

const BASE = new URL(process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3299);
const PROFILE_DIR = process.env.BENCH_PROFILE;
const INSPECT_PORT = PORT + 1;
const MODEL = "bench-model";
const PROMPT = "Summarise how a hold protects a balance from concurrent spending.";

type Sample = { ttfb: number; total: number };

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Reads a streamed body; ttfb = first chunk that carries model text (per `isText`). */
async function timed(start: number, response: Response, isText: (chunk: string) => boolean): Promise<Sample> {
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  let ttfb = 0;
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    if (!ttfb && isText(decoder.decode(chunk, { stream: true }))) ttfb = performance.now() - start;
  }
  return { ttfb, total: performance.now() - start };
}

async function direct(baseUrl: string): Promise<Sample> {
  const start = performance.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 1024,
      messages: [{ role: "user", content: PROMPT }],
    }),
  });
  return timed(start, response, (c) => /"content":"[^"]/.test(c));
}

let ipCounter = 0;
const nextIp = () => `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;

async function newGuest(): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${PORT}/api/guest`, {
    method: "POST",
    headers: { "x-forwarded-for": nextIp() },
  });
  const cookie = r.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`no guest cookie (HTTP ${r.status})`);
  return cookie;
}

/** A guest per 10 requests: the free plan allows 10 requests a minute and one stream at a time. */
function guestPool() {
  let cookie = "";
  let used = 10;
  return async () => {
    if (used >= 10) {
      cookie = await newGuest();
      used = 0;
    }
    used++;
    return cookie;
  };
}

/** Free-plan users with PT and a live session: a cookie per 10 requests, like the guests. */
async function makeUsers(prisma: DbClient, secret: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await prisma.user.create({
      data: { email: `bench-${randomUUID()}@example.com`, emailVerifiedAt: new Date() },
      select: { id: true },
    });
    await grantCredits(prisma, {
      account: { kind: "user", userId: user.id },
      amount: 10_000_000n,
      source: "purchase",
      key: `bench:${user.id}`,
    });
    const session = await createSession(prisma, { userId: user.id, method: "password" });
    const token = await encode({ token: { sub: user.id, sid: session.id }, secret });
    cookies.push(`ledgerchat.session=${token}`);
  }
  return cookies;
}

function userPool(cookies: string[]) {
  let used = 10;
  let cookie = "";
  return async () => {
    if (used >= 10) {
      cookie = cookies.shift() ?? "";
      if (!cookie) throw new Error("bench: out of users");
      used = 0;
    }
    used++;
    return cookie;
  };
}

async function viaLedgerchat(cookie: string): Promise<Sample> {
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${PORT}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-forwarded-for": nextIp() },
    body: JSON.stringify({ model: MODEL, message: PROMPT }),
  });
  return timed(start, response, (c) => c.includes('"type":"text-delta"'));
}

/** Floor of the app server: a trivial route (GET /api/health) through the same proxy and wrapper. */
async function health(): Promise<Sample> {
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${PORT}/api/health`);
  await response.arrayBuffer();
  const t = performance.now() - start;
  return { ttfb: t, total: t };
}

/** `count` requests of `task` from `concurrency` workers. */
async function run(
  concurrency: number,
  count: number,
  task: (worker: number) => Promise<Sample>,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < count) {
        next++;
        samples.push(await task(worker));
      }
    }),
  );
  return samples;
}

/**
 * The cells of one concurrency in ROUNDS alternating rounds, so a load spike on this shared
 * machine falls on every column alike instead of on whichever cell was running.
 */
const ROUNDS = 4;
async function interleaved<K extends string>(
  concurrency: number,
  tasks: Record<K, (worker: number) => Promise<Sample>>,
): Promise<{ samples: Record<K, Sample[]>; cpu: Record<K, { server: number; postgres: number }> }> {
  const keys = Object.keys(tasks) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as Sample[]])) as Record<K, Sample[]>;
  const cpu = Object.fromEntries(keys.map((k) => [k, { server: 0, postgres: 0 }])) as Record<
    K,
    { server: number; postgres: number }
  >;
  for (let round = 0; round < ROUNDS; round++) {
    const count = Math.ceil(REQUESTS / ROUNDS);
    for (const key of keys) {
      const before = await cpuTicks();
      samples[key].push(...(await run(concurrency, count, tasks[key])));
      const after = await cpuTicks();
      cpu[key].server += after.server - before.server;
      cpu[key].postgres += after.postgres - before.postgres;
    }
  }
  for (const key of keys) {
    const n = samples[key].length;
    cpu[key] = {
      server: (cpu[key].server * MS_PER_TICK) / n,
      postgres: (cpu[key].postgres * MS_PER_TICK) / n,
    };
  }
  return { samples, cpu };
}

// CPU time (user + system) of the app server's process tree and of every Postgres process, from
// /proc (Linux), in clock ticks: what each request costs in CPU, which a loaded machine blurs far
// less than latency.
const MS_PER_TICK = 10; // USER_HZ is 100 on Linux
let serverPid = 0;
async function cpuTicks(): Promise<{ server: number; postgres: number }> {
  const procs: { pid: number; ppid: number; comm: string; ticks: number }[] = [];
  for (const entry of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const close = stat.lastIndexOf(")");
    if (close < 0) continue;
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    procs.push({
      pid: Number(entry),
      ppid: Number(fields[1]),
      comm,
      ticks: Number(fields[11]) + Number(fields[12]),
    });
  }
  const tree = new Set([serverPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs)
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
  }
  let server = 0;
  let postgres = 0;
  for (const p of procs) {
    if (tree.has(p.pid)) server += p.ticks;
    else if (p.comm === "postgres") postgres += p.ticks;
  }
  return { server, postgres };
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function waitReady(url: string, child: ReturnType<typeof spawn>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error("next start exited");
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server not ready");
}

/**
 * Steady-state CPU profile of the server through its inspector (Chrome DevTools Protocol):
 * started after warm-up, so start-up and JIT warm-up stay out of it. Open the file in Chrome's
 * DevTools or speedscope.
 */
async function startProfiler(): Promise<() => Promise<string>> {
  const targets = (await (await fetch(`http://127.0.0.1:${INSPECT_PORT}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const target = targets[0];
  if (!target) throw new Error("bench: no inspector target");
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", reject, { once: true });
  });
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  return async () => {
    const { profile } = (await send("Profiler.stop")) as { profile: unknown };
    ws.close();
    await mkdir(PROFILE_DIR as string, { recursive: true });
    const file = path.join(PROFILE_DIR as string, `chat-${Date.now()}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    return file;
  };
}

async function main() {
  const dbName = `lc_bench_${randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  const url = new URL(BASE.toString());
  url.pathname = `/${dbName}`;
  const fake = await startFakeProvider();
  let server: ReturnType<typeof spawn> | undefined;
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
    const userCookies = await makeUsers(prisma, secret, Math.ceil((REQUESTS * 2 + 30) / 10) + 20);
    await prisma.$disconnect();

    server = spawn("./node_modules/.bin/next", ["start", "-p", String(PORT), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: url.toString(),
        // Production with a real database requires real auth settings.
        NEXTAUTH_SECRET: secret,
        NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
        APP_URL: `http://127.0.0.1:${PORT}`,
        OPENAI_COMPATIBLE_BASE_URL: fake.baseUrl,
        OPENAI_COMPATIBLE_MODELS: MODEL,
        UPSTASH_REDIS_REST_URL: "",
        UPSTASH_REDIS_REST_TOKEN: "",
        LOG_LEVEL: "warn",
        // e.g. BENCH_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
        NODE_OPTIONS: [
          process.env.BENCH_SERVER_NODE_OPTIONS ?? "",
          PROFILE_DIR ? `--inspect=127.0.0.1:${INSPECT_PORT}` : "",
        ].join(" "),
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    serverPid = server.pid ?? 0;
    await waitReady(`http://127.0.0.1:${PORT}/api/health/ready`, server);

    const pool = guestPool();
    const users = userPool(userCookies);
    // Warm up every path (JIT, connection pools, route compilation).
    for (let i = 0; i < 30; i++) {
      await direct(fake.baseUrl);
      await viaLedgerchat(await pool());
      await viaLedgerchat(await users());
    }
    const stopProfiler = PROFILE_DIR ? await startProfiler() : undefined;
    const rows: string[][] = [];
    const cpuRows: string[][] = [];
    for (const concurrency of (process.env.BENCH_CONC ?? "1,10").split(",").map(Number)) {
      const pools = Array.from({ length: concurrency }, () => guestPool());
      const userPools = Array.from({ length: concurrency }, () => userPool(userCookies));
      const {
        samples: { direct: baseline, guest: ledger, user: signedIn, health: floor },
        cpu,
      } = await interleaved(concurrency, {
        direct: () => direct(fake.baseUrl),
        guest: async (w) => viaLedgerchat(await (pools[w] ?? pool)()),
        user: async (w) => viaLedgerchat(await (userPools[w] ?? users)()),
        health: () => health(),
      });
      cpuRows.push(
        [
          String(concurrency),
          ...(["guest", "user", "health"] as const).map((k) => cpu[k].server.toFixed(2)),
        ].concat((["guest", "user", "health"] as const).map((k) => cpu[k].postgres.toFixed(2))),
      );
      for (const metric of ["ttfb", "total"] as const) {
        for (const p of [50, 95, 99]) {
          const a = pct(
            baseline.map((s) => s[metric]),
            p,
          );
          const b = pct(
            ledger.map((s) => s[metric]),
            p,
          );
          const u = pct(
            signedIn.map((s) => s[metric]),
            p,
          );
          const f = pct(
            floor.map((s) => s[metric]),
            p,
          );
          rows.push([
            String(concurrency),
            metric,
            `p${p}`,
            a.toFixed(2),
            b.toFixed(2),
            (b - a).toFixed(2),
            u.toFixed(2),
            (u - a).toFixed(2),
            f.toFixed(2),
          ]);
        }
      }
    }
    if (stopProfiler) console.log(`server CPU profile: ${await stopProfiler()}`);
    const header = [
      "concurrency",
      "metric",
      "pct",
      "direct ms",
      "guest ms",
      "added ms",
      "user ms",
      "added ms",
      "GET /api/health ms",
    ];
    const load = (await import("node:os")).loadavg()[0]?.toFixed(1);
    console.log(`\n${REQUESTS} requests per cell in ${ROUNDS} interleaved rounds, load average ${load}`);
    console.log("fake provider (no delay), production build, Postgres\n");
    console.log(`| ${header.join(" | ")} |`);
    console.log(`|${header.map(() => "---").join("|")}|`);
    for (const r of rows) console.log(`| ${r.join(" | ")} |`);
    const cpuHeader = [
      "concurrency",
      "server CPU ms/req: guest",
      "user",
      "health",
      "Postgres CPU ms/req: guest",
      "user",
      "health",
    ];
    console.log(`\nCPU time per request (/proc, 10 ms ticks summed over each cell's requests)\n`);
    console.log(`| ${cpuHeader.join(" | ")} |`);
    console.log(`|${cpuHeader.map(() => "---").join("|")}|`);
    for (const r of cpuRows) console.log(`| ${r.join(" | ")} |`);
  } finally {
    server?.kill("SIGTERM");
    await fake.close();
    await new Promise((r) => setTimeout(r, 500));
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
