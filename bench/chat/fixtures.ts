// What the chat benchmark runs against: the production server of a built checkout (standalone),
// and the callers of its chat route: guests (a new one per 10 requests, the guest plan's limit a
// minute) and signed-in free-plan users with PT and a live session (one cookie per 10 requests).
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { createSession } from "@/lib/auth/sessions";
import type { DbClient } from "@/lib/db";
import { grantCredits } from "@/lib/ledger/grants";
import { recordAcceptances } from "@/lib/legal/acceptances";
import { requiredVersions } from "@/lib/legal/versions";
import { type Sample, timed } from "./measure";

export const MODEL = "bench-model";
export const PROMPT = "Summarise how a hold protects a balance from concurrent spending.";

export type Server = { name: string; port: number; pid?: number; child: ChildProcess };

/** Starts the production build in `dir` (a checkout after `npm run build`) and waits until ready. */
export async function startServer(options: {
  name: string;
  dir: string;
  port: number;
  env: Record<string, string>;
  nodeOptions: string;
}): Promise<Server> {
  // The build's standalone server, as scripts/serve.sh runs it (`next start` does not serve an
  // `output: "standalone"` build).
  const child = spawn(process.execPath, [path.join(options.dir, ".next/standalone/server.js")], {
    cwd: options.dir,
    env: {
      ...process.env,
      ...options.env,
      PORT: String(options.port),
      HOSTNAME: "127.0.0.1",
      NODE_OPTIONS: options.nodeOptions,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const server = { name: options.name, port: options.port, pid: child.pid, child };
  const url = `http://127.0.0.1:${options.port}/api/health/ready`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${options.name}: the server exited`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return server;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${options.name}: server not ready`);
}

let ipCounter = 0;
const nextIp = () => `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;

async function newGuest(port: number): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/api/guest`, {
    method: "POST",
    headers: { "x-forwarded-for": nextIp() },
  });
  const cookie = r.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`no guest cookie (HTTP ${r.status})`);
  return cookie;
}

/** A new cookie every 10 requests: guests from `port`'s /api/guest, users from `users`. */
export function cookiePool(source: { port: number } | { users: string[] }): () => Promise<string> {
  let cookie = "";
  let used = 10;
  return async () => {
    if (used >= 10) {
      if ("port" in source) cookie = await newGuest(source.port);
      else {
        cookie = source.users.shift() ?? "";
        if (!cookie) throw new Error("bench: out of users");
      }
      used = 0;
    }
    used++;
    return cookie;
  };
}

/** Chat and /v1 refuse an account that has not accepted the legal documents in force (lib/legal). */
export async function acceptLegalInForce(prisma: DbClient, userId: string): Promise<void> {
  const documents = (await requiredVersions(prisma)).map((d) => ({ id: d.id, version: d.version }));
  await recordAcceptances(prisma, { userId, documents, ip: "127.0.0.1" });
}

/** Free-plan users with PT and a live session, as session cookies signed with `secret`. */
export async function makeUsers(prisma: DbClient, secret: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await prisma.user.create({
      data: { email: `bench-${randomUUID()}@example.com`, emailVerifiedAt: new Date() },
      select: { id: true },
    });
    await acceptLegalInForce(prisma, user.id);
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

/** The provider called directly: what every Ledgerchat column is compared with. */
export async function direct(baseUrl: string): Promise<Sample> {
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

/** Chat turns completed through `chat()` (the smoke run checks each was settled and saved). */
export const chatTurns = { count: 0 };

/** One chat turn through POST /api/chat (the whole path: admission, stream, settlement). */
export async function chat(port: number, cookie: string): Promise<Sample> {
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-forwarded-for": nextIp() },
    body: JSON.stringify({ model: MODEL, message: PROMPT }),
  });
  const sample = await timed(start, response, (c) => c.includes('"type":"text-delta"'));
  chatTurns.count++;
  return sample;
}

/** The baseline: a bare streaming proxy of the same provider on the same server (no auth, metering, saving). */
export async function bare(port: number): Promise<Sample> {
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/api/bench/bare-proxy`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, message: PROMPT }),
  });
  return timed(start, response, (c) => /"content":"[^"]/.test(c));
}

/** Floor of the app server: a trivial route (GET /api/health) through the same wrapper. */
export async function health(port: number): Promise<Sample> {
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/api/health`);
  await response.arrayBuffer();
  const t = performance.now() - start;
  return { ttfb: t, total: t };
}
