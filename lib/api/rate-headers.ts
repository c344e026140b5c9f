// The RateLimit headers of a /v1 answer, from the per-key verdict taken at authentication.
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import { rateLimitHeaders } from "@/lib/ratelimit/headers";

export function apiRateHeaders(principal: ApiKeyPrincipal): Record<string, string> {
  return principal.rate ? rateLimitHeaders(principal.rate, principal.rate.policy) : {};
}
