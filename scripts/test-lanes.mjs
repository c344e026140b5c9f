// `npm test`: the whole suite in two lanes side by side. The unit and integration tests wait on
// Postgres and Redis much of the time, and the production build is what the benchmarks' smoke run
// and Playwright need; running the build (then the browser tests) beside vitest uses the second
// core instead of leaving it idle.
//
//   lane "check": lint → typecheck → vitest
//   lane "build": next build → bench smoke → playwright
//
// Each lane's lines are prefixed with its name. The first failing step stops the other lane and
// fails the run; the exit code is the failing step's.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const LANES = {
  check: ["lint", "typecheck", "test:unit"],
  build: ["build", "bench:smoke", "test:e2e"],
};

const running = new Set();
let failed = false;

function run(lane, script) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`[${lane}] › npm run ${script}`);
    const child = spawn("npm", ["run", "--silent", script], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    running.add(child);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => console.log(`[${lane}] ${line}`));
    }
    child.on("close", (code, signal) => {
      running.delete(child);
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(
        `[${lane}] ‹ npm run ${script}: ${code === 0 ? "ok" : `failed (${signal ?? code})`} in ${seconds} s`,
      );
      resolve(code ?? 1);
    });
  });
}

// SIGINT, as Ctrl+C would: Playwright then stops the web server it started in a process group of
// its own (a SIGTERM to Playwright's group left that server holding the e2e port), and vitest
// closes its workers. Whatever still runs 15 s later is killed.
function stopOthers() {
  const signal = (child, name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  for (const child of running) {
    signal(child, "SIGINT");
    setTimeout(() => signal(child, "SIGKILL"), 15_000).unref();
  }
}

async function lane(name, scripts) {
  for (const script of scripts) {
    if (failed) return 0;
    const code = await run(name, script);
    if (code !== 0) {
      if (!failed) {
        failed = true;
        stopOthers();
      }
      return code;
    }
  }
  return 0;
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopOthers();
    process.exit(130);
  });
}

const started = Date.now();
const codes = await Promise.all(Object.entries(LANES).map(([name, scripts]) => lane(name, scripts)));
const code = codes.find((c) => c !== 0) ?? 0;
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(code === 0 ? `› npm test passed in ${minutes} min` : `› npm test failed after ${minutes} min`);
process.exit(code);
