// Both backends must judge alike: the in-process limiter and Upstash (through @upstash/redis →
// HTTP → the bridge → real Redis). A spy on logger.warn proves the Upstash runs never fell back.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { rateLimitHeaders } from "@/lib/ratelimit/headers";
import type { RateLimiter } from "@/lib/ratelimit/limiter";
import { assertWithinLimit, checkRateLimiterHealth, createRateLimiter } from "@/lib/ratelimit/limiter";
import type { RateLimitAlgorithm, RateLimitPolicy } from "@/lib/ratelimit/policies";
import { RespClient } from "../fakes/resp-client";
import type { UpstashBridge } from "../fakes/upstash-bridge";
import { startUpstashBridge } from "../fakes/upstash-bridge";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

let bridge: UpstashBridge;
let redis: RespClient;

beforeAll(async () => {
  bridge = await startUpstashBridge({ redisUrl: REDIS_URL });
  redis = await RespClient.connect(REDIS_URL);
});

// Every identifier carries this run's id, so runs never share counters and cleanup is exact.
const RUN = randomUUID();

afterAll(async () => {
  const keys = await redis?.command(["KEYS", `lc:rl:*${RUN}*`]);
  if (Array.isArray(keys) && keys.length > 0) await redis.command(["DEL", ...keys.map(String)]);
  await bridge?.close();
  await redis?.close();
});

/** A fresh identifier per test, so tests never share counters. */
const freshKey = (label: string) => `test:${RUN}:${randomUUID()}:${label}`;

/** Redis keys written for an identifier (proves the Upstash path really reached Redis). */
async function redisKeysFor(identifier: string): Promise<number> {
  const reply = await redis.command(["KEYS", `lc:rl:*${identifier}*`]);
  return Array.isArray(reply) ? reply.length : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Backend = { name: string; upstash: boolean; make: () => RateLimiter };

const backends: Backend[] = [
  { name: "memory", upstash: false, make: () => createRateLimiter({ backend: "memory" }) },
  {
    name: "upstash via bridge",
    upstash: true,
    make: () => createRateLimiter({ backend: "upstash", url: bridge.url, token: bridge.token }),
  },
];
const algorithms: RateLimitAlgorithm[] = ["sliding", "fixed"];
const cases = backends.flatMap((backend) => algorithms.map((algorithm) => ({ ...backend, algorithm })));

describe.each(cases)("$name backend, $algorithm window", ({ upstash, algorithm, make }) => {
  let limiter: RateLimiter;
  let warn: ReturnType<typeof vi.spyOn>;
  // An hour-long window: a bucket boundary falling inside a test is vanishingly unlikely.
  const policy = (limit: number, windowSeconds = 3600): RateLimitPolicy => ({
    name: "test",
    limit,
    windowSeconds,
    algorithm,
  });

  beforeEach(() => {
    limiter = make();
    warn = vi.spyOn(logger, "warn");
  });

  afterEach(() => {
    // A silent fallback to memory would make the Upstash cases pass without Upstash.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it("allows exactly `limit` of 50 concurrent calls", async () => {
    const key = freshKey("burst");
    const results = await Promise.all(Array.from({ length: 50 }, () => limiter.limit(key, policy(10))));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(
      results.filter((r) => !r.allowed).every((r) => r.remaining === 0 && r.retryAfterSeconds >= 1),
    ).toBe(true);
    if (upstash) expect(await redisKeysFor(key)).toBeGreaterThan(0);
  });

  it("counts remaining down, then refuses with a retry time", async () => {
    const key = freshKey("countdown");
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await limiter.limit(key, policy(5));
      expect(r).toMatchObject({ allowed: true, limit: 5, retryAfterSeconds: 0 });
      seen.push(r.remaining);
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);
    const refused = await limiter.limit(key, policy(5));
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.reset).toBeGreaterThan(Date.now());
    expect(refused.retryAfterSeconds).toBe(Math.ceil((refused.reset - Date.now()) / 1000));
  });

  it("allows the key again once the window has passed", async () => {
    const key = freshKey("window");
    const short = policy(2, 1);
    expect((await limiter.limit(key, short)).allowed).toBe(true);
    expect((await limiter.limit(key, short)).allowed).toBe(true);
    const refused = await limiter.limit(key, short);
    expect(refused.allowed).toBe(false);
    // Wait out the current window and one more, so the sliding window's weighted previous
    // window is empty whatever the machine's load (a closer wait flaked under a loaded CI box).
    await sleep(Math.max(0, refused.reset - Date.now()) + 1_000 + 150);
    expect((await limiter.limit(key, short)).allowed).toBe(true);
  });

  it("keeps different keys independent", async () => {
    const a = freshKey("a");
    const b = freshKey("b");
    await Promise.all([1, 2, 3].map(() => limiter.limit(a, policy(3))));
    expect((await limiter.limit(a, policy(3))).allowed).toBe(false);
    const other = await limiter.limit(b, policy(3));
    expect(other).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("keeps policies with different names independent for the same key", async () => {
    const key = freshKey("policies");
    const first = { ...policy(1), name: "first" };
    const second = { ...policy(1), name: "second" };
    expect((await limiter.limit(key, first)).allowed).toBe(true);
    expect((await limiter.limit(key, first)).allowed).toBe(false);
    expect((await limiter.limit(key, second)).allowed).toBe(true);
  });

  it("produces well-formed RateLimit headers, with Retry-After only when refused", async () => {
    const key = freshKey("headers");
    const p = policy(2);
    const ok = rateLimitHeaders(await limiter.limit(key, p), p);
    expect(ok["RateLimit-Policy"]).toBe('"test";q=2;w=3600');
    expect(ok.RateLimit).toMatch(/^"test";r=1;t=\d+$/);
    expect(ok).not.toHaveProperty("Retry-After");

    await limiter.limit(key, p);
    const refusedResult = await limiter.limit(key, p);
    const refused = rateLimitHeaders(refusedResult, p);
    expect(refused.RateLimit).toMatch(/^"test";r=0;t=\d+$/);
    expect(refused["Retry-After"]).toMatch(/^[1-9]\d*$/);
    expect(Number(refused["Retry-After"])).toBe(refusedResult.retryAfterSeconds);
  });

  it("assertWithinLimit throws AppError rate_limited (429) with headers when refused", async () => {
    const key = freshKey("assert");
    const p = policy(1);
    await expect(assertWithinLimit(key, p, limiter)).resolves.toMatchObject({ allowed: true });
    const error = await assertWithinLimit(key, p, limiter).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("rate_limited");
    expect(appError.status).toBe(429);
    expect(appError.details).toEqual({ retryAfter: expect.any(Number) });
    expect(appError.headers?.["Retry-After"]).toMatch(/^[1-9]\d*$/);
    expect(appError.headers?.["RateLimit-Policy"]).toBe('"test";q=1;w=3600');
    expect(appError.headers?.RateLimit).toMatch(/^"test";r=0;t=\d+$/);
  });

  it("reports its health for the readiness check", async () => {
    expect(await checkRateLimiterHealth(limiter)).toBe(upstash ? "ok" : "memory");
  });
});

describe("upstash backend falls back to the in-process limiter", () => {
  const policy: RateLimitPolicy = { name: "test", limit: 10, windowSeconds: 3600 };

  async function closedPortUrl(): Promise<string> {
    const { createServer } = await import("node:net");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}`;
  }

  it("when Upstash is down, and still limits exactly", async () => {
    const warn = vi.spyOn(logger, "warn");
    try {
      const limiter = createRateLimiter({ backend: "upstash", url: await closedPortUrl(), token: "t" });
      const key = freshKey("down");
      const results = await Promise.all(Array.from({ length: 50 }, () => limiter.limit(key, policy)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      // One warning, not fifty: the fallback is logged, then throttled.
      expect(warn).toHaveBeenCalledTimes(1);
      expect(await checkRateLimiterHealth(limiter)).toBe("degraded");
    } finally {
      warn.mockRestore();
    }
  });

  it("when Upstash does not answer within the timeout", async () => {
    const { createServer } = await import("node:http");
    const hung = createServer(() => {}); // accepts and never answers
    await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
    const { port } = hung.address() as { port: number };
    try {
      const limiter = createRateLimiter({
        backend: "upstash",
        url: `http://127.0.0.1:${port}`,
        token: "t",
        timeoutMs: 200,
      });
      const key = freshKey("hung");
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.limit(key, policy)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      expect(await checkRateLimiterHealth(limiter)).toBe("degraded");
    } finally {
      hung.closeAllConnections();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });

  it("when the token is rejected", async () => {
    const limiter = createRateLimiter({ backend: "upstash", url: bridge.url, token: "wrong" });
    const key = freshKey("unauthorized");
    const results = await Promise.all(Array.from({ length: 15 }, () => limiter.limit(key, policy)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(await redisKeysFor(key)).toBe(0);
  });
});
