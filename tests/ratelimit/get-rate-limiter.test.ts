// The process-wide limiter is chosen by environment alone (DESIGN.md principle 7).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import {
  checkRateLimiterHealth,
  getRateLimiter,
  limit,
  resetRateLimiterForTests,
} from "@/lib/ratelimit/limiter";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import type { UpstashBridge } from "../fakes/upstash-bridge";
import { startUpstashBridge } from "../fakes/upstash-bridge";

let bridge: UpstashBridge;
const saved = { url: process.env.UPSTASH_REDIS_REST_URL, token: process.env.UPSTASH_REDIS_REST_TOKEN };

function setUpstashEnv(url: string | undefined, token: string | undefined): void {
  if (url === undefined) delete process.env.UPSTASH_REDIS_REST_URL;
  else process.env.UPSTASH_REDIS_REST_URL = url;
  if (token === undefined) delete process.env.UPSTASH_REDIS_REST_TOKEN;
  else process.env.UPSTASH_REDIS_REST_TOKEN = token;
  resetEnvForTests();
  resetRateLimiterForTests();
}

beforeAll(async () => {
  bridge = await startUpstashBridge({ redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
});

afterEach(() => setUpstashEnv(saved.url, saved.token));

afterAll(async () => {
  await bridge?.close();
});

describe("getRateLimiter", () => {
  it("uses the in-process limiter without Upstash variables", async () => {
    setUpstashEnv(undefined, undefined);
    expect(getRateLimiter().backend).toBe("memory");
    expect(getRateLimiter()).toBe(getRateLimiter());
    expect(await checkRateLimiterHealth()).toBe("memory");
  });

  it("uses Upstash when both variables are set", async () => {
    setUpstashEnv(bridge.url, bridge.token);
    expect(getRateLimiter().backend).toBe("upstash");
    expect(await checkRateLimiterHealth()).toBe("ok");
    const result = await limit(`test:${crypto.randomUUID()}`, RATE_LIMIT_POLICIES.auth);
    expect(result).toMatchObject({ allowed: true, limit: 10, remaining: 9 });
  });
});

describe("RATE_LIMIT_POLICIES", () => {
  it("holds valid, uniquely named policies", () => {
    const policies = Object.entries(RATE_LIMIT_POLICIES);
    for (const [key, p] of policies) {
      expect(p.name).toBe(key);
      expect(Number.isInteger(p.limit) && p.limit > 0).toBe(true);
      expect(Number.isInteger(p.windowSeconds) && p.windowSeconds > 0).toBe(true);
    }
  });
});
