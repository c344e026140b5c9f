// Steady-state CPU profile of a server through its inspector (Chrome DevTools Protocol): started
// after warm-up, so start-up and JIT warm-up stay out of it. Open the file in Chrome's DevTools or
// speedscope.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export async function startProfiler(inspectPort: number, dir: string): Promise<() => Promise<string>> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
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
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `chat-${Date.now()}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    return file;
  };
}
