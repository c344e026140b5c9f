// Page weight: the JavaScript each route makes a first-time visitor download, as transferred over
// the wire (compressed, headers included, as DevTools' "transferred" column), measured in
// Chromium through the DevTools protocol against the production build on its embedded defaults.
// Each route is loaded in a fresh context (no cache) and counted until the network is idle, so
// chunks a page imports lazily after load (e.g. the markdown renderer once a reply shows) are
// counted only when the page needs them at load. The budget is the baseline: the table prints each
// route's ratio to it (issue 13: /chat ≤ 200 KB, every other page ≤ 150 KB).
// Usage: npm run build && npx tsx bench/pages/run.ts
//   env: BENCH_PORT (3298), BENCH_ROUTES (comma list; default all below), BENCH_SMOKE=1 (/chat only,
//   exit 1 when the build is missing or nothing was measured), CHROMIUM_PATH (/usr/bin/chromium)
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";

const PORT = Number(process.env.BENCH_PORT ?? 3298);
const BASE = `http://127.0.0.1:${PORT}`;
const SMOKE = process.env.BENCH_SMOKE === "1";
const KB = 1024;
const CHAT_BUDGET = 200 * KB;
const PAGE_BUDGET = 150 * KB;
const ALL_ROUTES = ["/", "/chat", "/pricing", "/sign-in", "/sign-up", "/forgot-password", "/status"];
const ROUTES = SMOKE ? ["/chat"] : (process.env.BENCH_ROUTES?.split(",") ?? ALL_ROUTES);

/** Pages that wait for data after load: counted once this element shows (then network idle). */
const READY: Record<string, string> = { "/chat": "[data-testid=balance]" };

function budgetOf(route: string): number {
  return route.startsWith("/chat") ? CHAT_BUDGET : PAGE_BUDGET;
}

async function startServer(): Promise<{ server: ChildProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "ledgerchat-bench-pages-"));
  // The build's standalone server, as scripts/serve.sh runs it.
  const server = spawn(process.execPath, [".next/standalone/server.js"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${BASE}/api/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { server, dataDir };
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error("the server did not become ready in 120 s");
}

type Weight = { route: string; scripts: number; jsBytes: number; allBytes: number };

async function measure(route: string, browser: import("@playwright/test").Browser): Promise<Weight> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const types = new Map<string, string>();
  let jsBytes = 0;
  let allBytes = 0;
  let scripts = 0;
  cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
  cdp.on("Network.loadingFinished", (e) => {
    allBytes += e.encodedDataLength;
    if (types.get(e.requestId) === "Script") {
      jsBytes += e.encodedDataLength;
      scripts++;
    }
  });
  await page.goto(`${BASE}${route}`, { waitUntil: "load" });
  const ready = READY[route];
  if (ready) await page.locator(ready).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  await context.close();
  return { route, scripts, jsBytes, allBytes };
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    console.error("No production build: run `npm run build` first.");
    process.exit(1);
  }
  const { server, dataDir } = await startServer();
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const browser = await chromium.launch({
    executablePath: existsSync(executablePath) ? executablePath : undefined,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const rows: Weight[] = [];
  try {
    for (const route of ROUTES) rows.push(await measure(route, browser));
  } finally {
    await browser.close();
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const kb = (n: number) => (n / KB).toFixed(1);
  console.log("| route | scripts | JS transferred KB | budget KB | JS / budget | all transferred KB |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    const budget = budgetOf(r.route);
    const over = r.jsBytes > budget ? " over" : "";
    console.log(
      `| ${r.route} | ${r.scripts} | ${kb(r.jsBytes)} | ${kb(budget)} | ${(r.jsBytes / budget).toFixed(2)}x${over} | ${kb(r.allBytes)} |`,
    );
  }
  if (SMOKE && rows.some((r) => r.jsBytes === 0)) {
    console.error("smoke: a route loaded no JavaScript; the measurement is broken");
    process.exit(1);
  }
}

await main();
