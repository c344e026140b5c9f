// RateLimit headers in the IETF httpapi draft's structured-field form:
//   RateLimit-Policy: "chat";q=20;w=60    RateLimit: "chat";r=3;t=41
// plus Retry-After (integer seconds) only on a refusal, so clients back off exactly then.
import type { RateLimitPolicy, RateLimitResult } from "@/lib/ratelimit/policies";
import { secondsUntil } from "@/lib/ratelimit/policies";

/** A structured-field string item (RFC 8941 §3.3.3): quote, escaping `\` and `"`. */
function sfString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function rateLimitHeaders(
  result: RateLimitResult,
  policy: RateLimitPolicy,
  now: number = Date.now(),
): Record<string, string> {
  const name = sfString(policy.name);
  const headers: Record<string, string> = {
    "RateLimit-Policy": `${name};q=${policy.limit};w=${policy.windowSeconds}`,
    RateLimit: `${name};r=${result.remaining};t=${secondsUntil(result.reset, now)}`,
  };
  if (!result.allowed) headers["Retry-After"] = String(result.retryAfterSeconds);
  return headers;
}
