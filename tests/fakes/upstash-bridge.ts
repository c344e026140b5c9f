// A real HTTP server speaking Upstash Redis's REST protocol, forwarding to a real local Redis
// over RESP, so tests exercise @upstash/redis and @upstash/ratelimit end to end.
// Protocol: POST / (one command array), /pipeline and /multi-exec (arrays of commands); Bearer
// auth, else 401; answers { result } or [{ result } | { error }], errors { error }; with
// `Upstash-Encoding: base64` string results are base64 (the client's default).
// Debian's Redis 7.0 rejects the `#!lua flags=allow-key-locking` shebang of @upstash/ratelimit's
// scripts, so EVAL blanks that line and EVALSHA of the original sha runs the blanked script.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { RespValue } from "./resp-client";
import { RespClient, RespError } from "./resp-client";

export type UpstashBridge = { url: string; token: string; close(): Promise<void> };

export type UpstashBridgeOptions = { redisUrl?: string; token?: string };

type Reply = { result: unknown } | { error: string };

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** Blanks an `allow-key-locking` shebang; a blank (not removed) line keeps Lua line numbers. */
function stripShebang(script: string): string {
  const newline = script.indexOf("\n");
  const first = newline < 0 ? script : script.slice(0, newline);
  if (!first.startsWith("#!lua") || !first.includes("allow-key-locking")) return script;
  return newline < 0 ? "" : script.slice(newline);
}

function toArgs(command: unknown): string[] {
  if (!Array.isArray(command) || command.length === 0)
    throw new Error("ERR command must be a non-empty array");
  return command.map((a) => (typeof a === "string" ? a : a === null ? "" : JSON.stringify(a)));
}

function toJson(value: RespValue, base64: boolean): unknown {
  if (value instanceof RespError) return value.message;
  if (Buffer.isBuffer(value)) return value.toString(base64 ? "base64" : "utf8");
  // The client decodes every string but "OK", so other status replies (PONG) are encoded too.
  if (typeof value === "string")
    return base64 && value !== "OK" ? Buffer.from(value).toString("base64") : value;
  if (Array.isArray(value)) return value.map((v) => toJson(v, base64));
  return value;
}

const toReply = (value: RespValue, base64: boolean): Reply =>
  value instanceof RespError ? { error: value.message } : { result: toJson(value, base64) };

export async function startUpstashBridge(options: UpstashBridgeOptions = {}): Promise<UpstashBridge> {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const token = options.token ?? randomBytes(16).toString("hex");
  const redis = await RespClient.connect(redisUrl);
  const scripts = new Map<string, string>(); // sha1(original script) → script Redis accepts

  function rewrite(args: string[]): string[] {
    const name = (args[0] ?? "").toUpperCase();
    if ((name === "EVAL" || name === "EVAL_RO") && args[1] !== undefined) {
      const stripped = stripShebang(args[1]);
      if (stripped === args[1]) return args;
      scripts.set(sha1(args[1]), stripped);
      return [name, stripped, ...args.slice(2)];
    }
    if (name === "EVALSHA" || name === "EVALSHA_RO") {
      const script = scripts.get((args[1] ?? "").toLowerCase());
      // Unknown sha: forward as is, so Redis answers NOSCRIPT and the client falls back to EVAL.
      if (script !== undefined) return [name === "EVALSHA" ? "EVAL" : "EVAL_RO", script, ...args.slice(2)];
    }
    return args;
  }

  async function handle(path: string, body: unknown, base64: boolean): Promise<[number, unknown]> {
    if (path === "/" || path === "") {
      const reply = toReply(await redis.command(rewrite(toArgs(body))), base64);
      return ["error" in reply ? 400 : 200, reply];
    }
    if (!Array.isArray(body)) return [400, { error: "ERR body must be an array of commands" }];
    const commands = body.map((c) => rewrite(toArgs(c)));
    if (path === "/pipeline") {
      const replies = await redis.send(commands);
      return [200, replies.map((r) => toReply(r, base64))];
    }
    if (path === "/multi-exec") {
      // MULTI…EXEC goes out in one write on the shared connection, so nothing interleaves.
      const replies = await redis.send([["MULTI"], ...commands, ["EXEC"]]);
      const exec = replies[replies.length - 1] ?? null;
      if (exec instanceof RespError || !Array.isArray(exec)) {
        const queued = replies.find((r) => r instanceof RespError);
        return [400, { error: (queued ?? exec ?? "EXECABORT").toString() }];
      }
      return [200, exec.map((r) => toReply(r, base64))];
    }
    return [404, { error: `unknown path ${path}` }];
  }

  const server = http.createServer((req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      req.resume();
      send(401, { error: "Unauthorized" });
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      const path = new URL(req.url ?? "/", "http://bridge").pathname.replace(/\/+$/, "") || "/";
      Promise.resolve()
        .then(() =>
          req.method === "POST"
            ? handle(path, JSON.parse(Buffer.concat(chunks).toString("utf8")), base64)
            : ([405, { error: "POST only" }] as [number, unknown]),
        )
        .then(([status, payload]) => send(status, payload))
        .catch((error: unknown) =>
          send(400, { error: error instanceof Error ? error.message : String(error) }),
        );
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.close();
    },
  };
}
