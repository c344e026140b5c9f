// Upstash backend: one @upstash/ratelimit instance per policy over one @upstash/redis client.
// Fail-open-to-memory (DESIGN.md principle 5): if Upstash throws or does not answer within a
// short timeout, the request is judged by the in-process limiter instead of being refused or
// waved through; the ledger hold remains the real guard on money.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { logger } from "@/lib/logger";
import type { MemoryBackend } from "@/lib/ratelimit/memory-backend";
import type { RateLimitPolicy, RateLimitResult } from "@/lib/ratelimit/policies";
import { toResult } from "@/lib/ratelimit/policies";

export type UpstashBackendOptions = {
  url: string;
  token: string;
  /** How long a limit check may wait for Upstash before falling back to memory. */
  timeoutMs?: number;
  fallback: MemoryBackend;
};

export type UpstashBackend = {
  limit(key: string, policy: RateLimitPolicy): Promise<RateLimitResult>;
  /** True when Upstash answers PING within the timeout. */
  ping(): Promise<boolean>;
};

export const KEY_PREFIX = "lc:rl";
const DEFAULT_TIMEOUT_MS = 1000;
// While Upstash is failing, one warning per interval is enough; every request would flood logs.
const WARN_INTERVAL_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createUpstashBackend(options: UpstashBackendOptions): UpstashBackend {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const redis = new Redis({
    url: options.url,
    token: options.token,
    // No client retries: the timeout is short and the memory fallback is the retry.
    retry: { retries: 0, backoff: () => 0 },
    enableTelemetry: false,
  });
  const limiters = new Map<string, Ratelimit>();
  let failing = false;
  let lastWarnAt = 0;
  let suppressed = 0;

  function limiterFor(policy: RateLimitPolicy): Ratelimit {
    const algorithm = policy.algorithm ?? "sliding";
    const cacheKey = `${policy.name}|${algorithm}|${policy.limit}|${policy.windowSeconds}`;
    let limiter = limiters.get(cacheKey);
    if (!limiter) {
      const window = `${policy.windowSeconds} s` as const;
      limiter = new Ratelimit({
        redis,
        limiter:
          algorithm === "fixed"
            ? Ratelimit.fixedWindow(policy.limit, window)
            : Ratelimit.slidingWindow(policy.limit, window),
        prefix: `${KEY_PREFIX}:${policy.name}`,
        analytics: false,
        enableProtection: false,
        // On timeout the library answers success with reason "timeout"; we treat that as a failure.
        timeout: timeoutMs,
      });
      limiters.set(cacheKey, limiter);
    }
    return limiter;
  }

  function reportFailure(error: unknown, policy: RateLimitPolicy): void {
    const now = Date.now();
    if (failing && now - lastWarnAt < WARN_INTERVAL_MS) {
      suppressed += 1;
      return;
    }
    logger.warn(
      { err: error, policy: policy.name, suppressed },
      "Upstash rate limiter unavailable; using the in-process limiter",
    );
    failing = true;
    lastWarnAt = now;
    suppressed = 0;
  }

  function reportSuccess(): void {
    if (!failing) return;
    failing = false;
    logger.info({ suppressed }, "Upstash rate limiter reachable again");
    suppressed = 0;
  }

  async function limit(key: string, policy: RateLimitPolicy): Promise<RateLimitResult> {
    try {
      const response = await limiterFor(policy).limit(key);
      if (response.reason === "timeout") throw new Error(`Upstash did not answer within ${timeoutMs} ms`);
      reportSuccess();
      return toResult(response.success, response.limit, response.remaining, response.reset);
    } catch (error) {
      reportFailure(error, policy);
      return options.fallback.limit(key, policy);
    }
  }

  async function ping(): Promise<boolean> {
    try {
      return (await withTimeout(redis.ping(), timeoutMs, "Upstash PING")) === "PONG";
    } catch (error) {
      logger.warn({ err: error }, "Upstash rate limiter health check failed");
      return false;
    }
  }

  return { limit, ping };
}
