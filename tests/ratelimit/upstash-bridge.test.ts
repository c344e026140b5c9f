// The bridge must speak Upstash's REST protocol faithfully enough that @upstash/redis works
// unmodified against it, in its default base64 encoding and with responseEncoding off.
import { randomUUID } from "node:crypto";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UpstashBridge } from "../fakes/upstash-bridge";
import { startUpstashBridge } from "../fakes/upstash-bridge";

let bridge: UpstashBridge;

beforeAll(async () => {
  bridge = await startUpstashBridge({ redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
});

const created: string[] = [];

afterAll(async () => {
  if (bridge && created.length > 0) {
    await new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false }).del(...created);
  }
  await bridge?.close();
});

const SHEBANG_SCRIPT = `#!lua flags=allow-key-locking
  local v = redis.call("INCRBY", KEYS[1], ARGV[1])
  return {v, "ok:" .. KEYS[1]}
`;

describe.each([
  { encoding: "base64", responseEncoding: undefined },
  { encoding: "plain", responseEncoding: false as const },
])("upstash bridge ($encoding responses)", ({ responseEncoding }) => {
  const client = () =>
    new Redis({
      url: bridge.url,
      token: bridge.token,
      responseEncoding,
      enableTelemetry: false,
      retry: false,
    });
  const key = (label: string) => {
    const k = `bridge-test:${randomUUID()}:${label}`;
    created.push(k);
    return k;
  };

  it("runs single commands, including non-ASCII values and nil", async () => {
    const redis = client();
    const k = key("single");
    expect(await redis.set(k, "héllo ✓", { ex: 60 })).toBe("OK");
    expect(await redis.get(k)).toBe("héllo ✓");
    expect(await redis.get(key("missing"))).toBeNull();
    expect(await redis.ping()).toBe("PONG");
    expect(await redis.incrby(key("n"), 5)).toBe(5);
  });

  it("runs pipelines and keeps per-command errors", async () => {
    const redis = client();
    const k = key("pipe");
    const p = redis.pipeline();
    p.set(k, "text");
    p.incr(k); // WRONGTYPE-style error: value is not an integer
    p.get(k);
    const results = await p.exec({ keepErrors: true });
    expect(results[0]).toMatchObject({ result: "OK" });
    expect(results[1]?.error).toMatch(/not an integer/);
    expect(results[2]).toMatchObject({ result: "text" });
  });

  it("runs multi-exec transactions", async () => {
    const redis = client();
    const k = key("multi");
    const tx = redis.multi();
    tx.incr(k);
    tx.incr(k);
    tx.lpush(key("list"), "a", "b");
    expect(await tx.exec()).toEqual([1, 2, 2]);
  });

  it("evaluates scripts with the allow-key-locking shebang, by EVAL and by EVALSHA", async () => {
    const redis = client();
    const k = key("script");
    expect(await redis.eval(SHEBANG_SCRIPT, [k], [2])).toEqual([2, `ok:${k}`]);
    const { createHash } = await import("node:crypto");
    const sha = createHash("sha1").update(SHEBANG_SCRIPT).digest("hex");
    expect(await redis.evalsha(sha, [k], [3])).toEqual([5, `ok:${k}`]);
  });

  it("answers NOSCRIPT for an unknown sha, as Redis does", async () => {
    await expect(client().evalsha("0".repeat(40), [key("x")], [])).rejects.toThrow(/NOSCRIPT/);
  });
});

describe("upstash bridge auth", () => {
  it("rejects a wrong or missing token with 401", async () => {
    const wrong = await fetch(bridge.url, {
      method: "POST",
      headers: { authorization: "Bearer nope", "content-type": "application/json" },
      body: JSON.stringify(["PING"]),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "Unauthorized" });
    const missing = await fetch(`${bridge.url}/pipeline`, { method: "POST", body: "[]" });
    expect(missing.status).toBe(401);
  });

  it("answers { result } for a raw authorized command", async () => {
    const res = await fetch(bridge.url, {
      method: "POST",
      headers: { authorization: `Bearer ${bridge.token}` },
      body: JSON.stringify(["ECHO", "hi"]),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: "hi" });
  });
});
