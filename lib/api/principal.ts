// The caller of a /v1 route: an API key, resolved from `Authorization: Bearer lc_…` on every
// request (so a revocation takes effect on the next one). A leaf file: the wrapper and the API
// domain both need it.
import type { UserPrincipal } from "@/lib/auth/principal-types";
import type { RateLimitResult } from "@/lib/ratelimit/policies";

export type ApiKeyPrincipal = {
  kind: "api_key";
  keyId: string;
  userId: string;
  /** A team-owned key: the team's pool pays, within this member's caps (null: the user's account). */
  teamId: string | null;
  scopes: string[];
  /** Empty: every model the plan allows. */
  models: string[];
  requestsPerMinute: number | null;
  concurrentRequests: number | null;
  logBodies: boolean;
  /** The per-key rate limit's verdict for this request (for the RateLimit headers). */
  rate?: RateLimitResult & { policy: { name: string; limit: number; windowSeconds: number } };
};

/**
 * The key's owner as the chat access checks take it: plan, status, verification and caps are read
 * from the owner's row (loadChatAccess), never taken from the key.
 */
export function keyOwner(userId: string): UserPrincipal {
  return {
    kind: "user",
    userId,
    role: "USER",
    status: "active",
    twoFactorEnabled: false,
    emailVerified: false,
  };
}
