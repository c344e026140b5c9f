// Key authentication and the per-key rate limit of every /v1 request: the bearer secret's hash is
// looked up, compared in constant time, and refused when unknown, revoked, paused (account deletion
// pending), expired or its owner is gone; then the key's requests per minute (never above the owner's plan) are counted.
import { noteKeyUse } from "@/lib/api/last-used";
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import { keyOwner } from "@/lib/api/principal";
import { refusedKey } from "@/lib/api/refusals";
import { hashSecret, looksLikeSecret, sameHash } from "@/lib/api/secrets";
import { loadChatAccess } from "@/lib/chat/limits";
import type { Db } from "@/lib/db";
import { entitlementsFor } from "@/lib/entitlements";
import { AppError, isAppError } from "@/lib/errors";
import { assertWithinLimit } from "@/lib/ratelimit/limiter";
import { TEAM_WORKSPACE_PLAN } from "@/lib/teams/workspace";

export function invalidKey(message = "Incorrect API key provided."): AppError {
  return new AppError("unauthorized", message, { reason: "invalid_api_key" });
}

/** A key of an account whose deletion is pending: refused until the owner signs in (cancelling it). */
export function pausedKey(): AppError {
  return new AppError(
    "forbidden",
    "This API key is paused: its account is scheduled for deletion. Sign in to cancel the deletion and use it again.",
    { reason: "account_deletion_pending" },
  );
}

export async function authenticateKey(
  db: Db,
  authorization: string | null,
  ip = "unknown",
): Promise<ApiKeyPrincipal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) throw invalidKey("Send your API key as `Authorization: Bearer lc_…`.");
  const secret = match[1];
  if (!looksLikeSecret(secret)) throw invalidKey();
  const hash = hashSecret(secret);
  const key = await db.apiKey.findUnique({
    where: { secretHash: hash },
    select: {
      id: true,
      userId: true,
      teamId: true,
      secretHash: true,
      scopes: true,
      models: true,
      requestsPerMinute: true,
      concurrentRequests: true,
      logBodies: true,
      expiresAt: true,
      revokedAt: true,
      pausedAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
    },
  });
  if (!key || !sameHash(key.secretHash, hash)) throw invalidKey();
  // From here the key is known: a refusal is recorded against it (refusals.ts).
  const ref = { keyId: key.id, userId: key.userId };
  if (key.revokedAt) throw refusedKey(invalidKey("This API key was revoked."), ref);
  if (key.pausedAt) throw refusedKey(pausedKey(), ref);
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now())
    throw refusedKey(invalidKey("This API key has expired."), ref);
  // The owner's plan through the chat path's 5 s access cache (admission reads it again from there);
  // a deleted owner's keys are refused.
  const access = await loadChatAccess(db, keyOwner(key.userId), { cached: true }).catch((error: unknown) => {
    throw isAppError(error) && error.code === "unauthorized" ? invalidKey() : error;
  });
  // A team key runs on the team workspace's plan (lib/teams/workspace.ts).
  const plan = key.teamId ? TEAM_WORKSPACE_PLAN : access.plan;
  const planRpm = entitlementsFor(plan).requestsPerMinute;
  const policy = {
    name: `api_key_${plan}`,
    limit: Math.min(key.requestsPerMinute ?? planRpm, planRpm),
    windowSeconds: 60,
  };
  const rate = await assertWithinLimit(`apikey:${key.id}`, policy).catch((error: unknown) => {
    throw isAppError(error) ? refusedKey(error, ref) : error;
  });
  // Off the request path: noted in memory, written in batches (last-used.ts).
  noteKeyUse(db, key.id, key, ip);
  return {
    kind: "api_key",
    keyId: key.id,
    userId: key.userId,
    teamId: key.teamId,
    scopes: key.scopes,
    models: key.models,
    requestsPerMinute: key.requestsPerMinute,
    concurrentRequests: key.concurrentRequests,
    logBodies: key.logBodies,
    rate: { ...rate, policy },
  };
}

export function missingScope(scope: "chat" | "usage:read"): AppError {
  return new AppError("forbidden", `This API key lacks the "${scope}" scope.`, {
    reason: "insufficient_scope",
  });
}

export function assertScope(principal: ApiKeyPrincipal, scope: "chat" | "usage:read"): void {
  if (!principal.scopes.includes(scope)) throw missingScope(scope);
}
