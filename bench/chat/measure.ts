// Timing and CPU accounting shared by the chat benchmark: streamed requests timed to the first
// model text and to the end, worker pools, interleaved rounds, percentiles, and CPU time of process
// trees read from /proc.
import { readdir, readFile } from "node:fs/promises";

export type Sample = { ttfb: number; total: number };
export type Task = (worker: number) => Promise<Sample>;
export type CpuPerRequest = { server: number; postgres: number };

/** Reads a streamed body; ttfb = first chunk that carries model text (per `isText`). */
export async function timed(
  start: number,
  response: Response,
  isText: (chunk: string) => boolean,
): Promise<Sample> {
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  let ttfb = 0;
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    if (!ttfb && isText(decoder.decode(chunk, { stream: true }))) ttfb = performance.now() - start;
  }
  return { ttfb, total: performance.now() - start };
}

/** `count` requests of `task` from `concurrency` workers. */
async function run(concurrency: number, count: number, task: Task): Promise<Sample[]> {
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
 * The cells of one concurrency in `rounds` alternating rounds, so a load spike on this shared
 * machine falls on every column alike instead of on whichever cell was running. Each cell's CPU
 * is the CPU its requests cost the process tree `pidOf(key)` and Postgres, per request.
 */
export async function interleaved<K extends string>(
  concurrency: number,
  total: number,
  rounds: number,
  tasks: Record<K, Task>,
  pidOf: (key: K) => number | undefined,
): Promise<{ samples: Record<K, Sample[]>; cpu: Record<K, CpuPerRequest> }> {
  const keys = Object.keys(tasks) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as Sample[]])) as Record<K, Sample[]>;
  const ticks = Object.fromEntries(keys.map((k) => [k, { server: 0, postgres: 0 }])) as Record<
    K,
    CpuPerRequest
  >;
  const count = Math.ceil(total / rounds);
  for (let round = 0; round < rounds; round++) {
    for (const key of keys) {
      const pid = pidOf(key);
      const before = await cpuTicks(pid);
      samples[key].push(...(await run(concurrency, count, tasks[key])));
      const after = await cpuTicks(pid);
      ticks[key].server += after.server - before.server;
      ticks[key].postgres += after.postgres - before.postgres;
    }
  }
  const cpu = Object.fromEntries(
    keys.map((k) => [
      k,
      {
        server: (ticks[k].server * MS_PER_TICK) / samples[k].length,
        postgres: (ticks[k].postgres * MS_PER_TICK) / samples[k].length,
      },
    ]),
  ) as Record<K, CpuPerRequest>;
  return { samples, cpu };
}

export function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

// CPU time (user + system) from /proc (Linux), in clock ticks: what requests cost in CPU, which a
// loaded machine blurs far less than latency.
const MS_PER_TICK = 10; // USER_HZ is 100 on Linux

/** Ticks of the process tree rooted at `pid` (0 when absent), and of every Postgres process. */
async function cpuTicks(pid: number | undefined): Promise<{ server: number; postgres: number }> {
  const procs: { pid: number; ppid: number; comm: string; ticks: number }[] = [];
  for (const entry of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const close = stat.lastIndexOf(")");
    if (close < 0) continue;
    const fields = stat.slice(close + 2).split(" ");
    procs.push({
      pid: Number(entry),
      ppid: Number(fields[1]),
      comm: stat.slice(stat.indexOf("(") + 1, close),
      ticks: Number(fields[11]) + Number(fields[12]),
    });
  }
  const tree = new Set(pid ? [pid] : []);
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
