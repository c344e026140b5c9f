// The one rate-limit interface: limit(key, policy). The backend is chosen by environment alone
// (Upstash when UPSTASH_REDIS_REST_URL and _TOKEN are set, in-process otherwise) and cached per
// process, so the Upstash client and its per-policy limiters are built once.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { rateLimitHeaders } from "@/lib/ratelimit/headers";
import { createMemoryBackend } from "@/lib/ratelimit/memory-backend";
import type { RateLimitBackendKind, RateLimitPolicy, RateLimitResult } from "@/lib/ratelimit/policies";
import { createUpstashBackend } from "@/lib/ratelimit/upstash-backend";

export type RateLimiterHealth = "ok" | "degraded" | "memory";

export type RateLimiter = {
  readonly backend: RateLimitBackendKind;
  limit(key: string, policy: RateLimitPolicy): Promise<RateLimitResult>;
  /** "memory" for the in-process backend; "ok"/"degraded" by an Upstash PING otherwise. */
  health(): Promise<RateLimiterHealth>;
};

export type RateLimiterOptions =
  | { backend: "memory"; maxKeys?: number }
  | { backend: "upstash"; url: string; token: string; timeoutMs?: number; maxKeys?: number };

function assertValid(key: string, policy: RateLimitPolicy): void {
  // A bad policy or empty key is a programming error; failing loudly beats a silent free pass.
  if (!key) throw new Error("rate limit key must not be empty");
  if (!Number.isInteger(policy.limit) || policy.limit < 1) {
    throw new Error(`rate limit policy ${policy.name}: limit must be a positive integer`);
  }
  if (!Number.isInteger(policy.windowSeconds) || policy.windowSeconds < 1) {
    throw new Error(`rate limit policy ${policy.name}: windowSeconds must be a positive integer`);
  }
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const memory = createMemoryBackend({ maxKeys: options.maxKeys });
  if (options.backend === "memory") {
    return {
      backend: "memory",
      limit: async (key, policy) => {
        assertValid(key, policy);
        return memory.limit(key, policy);
      },
      health: async () => "memory",
    };
  }
  const upstash = createUpstashBackend({
    url: options.url,
    token: options.token,
    timeoutMs: options.timeoutMs,
    fallback: memory,
  });
  return {
    backend: "upstash",
    limit: async (key, policy) => {
      assertValid(key, policy);
      return upstash.limit(key, policy);
    },
    health: async () => ((await upstash.ping()) ? "ok" : "degraded"),
  };
}

let cached: RateLimiter | undefined;

/** The process-wide limiter for the configured backend. */
export function getRateLimiter(): RateLimiter {
  if (!cached) {
    const e = env();
    cached =
      e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN
        ? createRateLimiter({
            backend: "upstash",
            url: e.UPSTASH_REDIS_REST_URL,
            token: e.UPSTASH_REDIS_REST_TOKEN,
          })
        : createRateLimiter({ backend: "memory" });
  }
  return cached;
}

/** Tests only: forget the cached limiter so the next getRateLimiter() re-reads env(). */
export function resetRateLimiterForTests(): void {
  cached = undefined;
}

/** Counts one request for `key` under `policy` and says whether it may proceed. */
export function limit(
  key: string,
  policy: RateLimitPolicy,
  limiter: RateLimiter = getRateLimiter(),
): Promise<RateLimitResult> {
  return limiter.limit(key, policy);
}

/** Like limit(), but a refusal throws AppError("rate_limited") carrying the RateLimit headers. */
export async function assertWithinLimit(
  key: string,
  policy: RateLimitPolicy,
  limiter: RateLimiter = getRateLimiter(),
  /** What the refusal says (the default: "Too many requests. Try again shortly."). */
  message?: string,
): Promise<RateLimitResult> {
  const result = await limiter.limit(key, policy);
  if (!result.allowed) {
    throw new AppError(
      "rate_limited",
      message,
      { retryAfter: result.retryAfterSeconds },
      rateLimitHeaders(result, policy),
    );
  }
  return result;
}

/** For the readiness check. */
export function checkRateLimiterHealth(limiter: RateLimiter = getRateLimiter()): Promise<RateLimiterHealth> {
  return limiter.health();
}
