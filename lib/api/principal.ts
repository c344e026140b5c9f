// The caller of a /v1 route: an API key, resolved from `Authorization: Bearer lc_…` on every
// request (so a revocation takes effect on the next one). A leaf file: the wrapper and the API
// domain both need it.
import type { RateLimitResult } from "@/lib/ratelimit/policies";

export type ApiKeyPrincipal = {
  kind: "api_key";
  keyId: string;
  userId: string;
  scopes: string[];
  /** Empty: every model the plan allows. */
  models: string[];
  requestsPerMinute: number | null;
  concurrentRequests: number | null;
  logBodies: boolean;
  /** The per-key rate limit's verdict for this request (for the RateLimit headers). */
  rate?: RateLimitResult & { policy: { name: string; limit: number; windowSeconds: number } };
};
