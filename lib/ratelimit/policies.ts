// Named rate-limit policies and the result shape every backend returns. A policy is a value,
// not a string, so a caller cannot limit against a policy that does not exist.

export type RateLimitAlgorithm = "sliding" | "fixed";

export type RateLimitPolicy = {
  /** Stable name: part of the storage key and of the RateLimit headers. */
  readonly name: string;
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowSeconds: number;
  /** Sliding (weighted two-window, Upstash's algorithm) unless stated. */
  readonly algorithm?: RateLimitAlgorithm;
};

export type RateLimitResult = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, epoch ms. */
  reset: number;
  /** 0 when allowed; otherwise whole seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
};

export type RateLimitBackendKind = "upstash" | "memory";

/** Coarse per-caller limits used by the app. Per-plan chat limits come from entitlements. */
export const RATE_LIMIT_POLICIES = {
  /** Any API route, per IP. */
  api: { name: "api", limit: 120, windowSeconds: 60 },
  /** Sign-in, sign-up, password reset, 2FA: per IP, low to slow credential stuffing. */
  auth: { name: "auth", limit: 10, windowSeconds: 60 },
  /** Guest sessions, per IP: fixed hourly window, since a guest gets free PT. */
  guestCreate: { name: "guestCreate", limit: 5, windowSeconds: 3600, algorithm: "fixed" },
  /** Chat completions, per user (the default when the plan sets no requests-per-minute). */
  chat: { name: "chat", limit: 20, windowSeconds: 60 },
  /** Checkout, portal and test-checkout payments, per user. */
  billing: { name: "billing", limit: 20, windowSeconds: 60 },
  /** "I paid but don't see it": each call reads several lists from Stripe, per user. */
  billingSync: { name: "billingSync", limit: 5, windowSeconds: 60 },
  /** Data exports and account deletion, per user: each export reads everything stored about them. */
  privacy: { name: "privacy", limit: 5, windowSeconds: 3600, algorithm: "fixed" },
} as const satisfies Record<string, RateLimitPolicy>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;

/** Whole seconds from now until reset, never negative. */
export function secondsUntil(reset: number, now: number = Date.now()): number {
  return Math.max(0, Math.ceil((reset - now) / 1000));
}

/** Builds a result from what a backend decided, deriving retryAfterSeconds consistently. */
export function toResult(
  allowed: boolean,
  limit: number,
  remaining: number,
  reset: number,
  now: number = Date.now(),
): RateLimitResult {
  return {
    allowed,
    limit,
    remaining: Math.max(0, remaining),
    reset,
    retryAfterSeconds: allowed ? 0 : Math.max(1, secondsUntil(reset, now)),
  };
}
