// Server-side sessions. Every sign-in creates a Session row; the session JWT carries only its id
// (sid) and user id. A request is authenticated only while the row is unrevoked, inside its
// absolute lifetime and not idle too long. Lookups are cached in-process for at most
// SESSION_CACHE_MS (revocations on this instance clear the cache at once; on others they take
// effect within that time), and lastSeenAt is written at most once a minute.
import { sessionPolicy } from "@/lib/auth/config";
import type { Db, DbClient } from "@/lib/db";
import { logger } from "@/lib/logger";
import { cancelScheduledDeletion } from "@/lib/privacy/cancel-deletion";
import { ttlCache } from "@/lib/ttl-cache";

export const SESSION_CACHE_MS = 5_000;
export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

export type SessionUser = {
  sessionId: string;
  userId: string;
  role: "USER" | "ADMIN";
  status: "active" | "frozen" | "deleted";
  twoFactorEnabled: boolean;
  emailVerified: boolean;
};

const cache = ttlCache<SessionUser | null>("sessions", SESSION_CACHE_MS, CACHE_MAX_ENTRIES);

/** Forgets cached lookups: one session, or every session of a user, or all. */
export function invalidateSessionCache(filter?: { sessionId?: string; userId?: string }): void {
  if (!filter) {
    cache.clear();
    return;
  }
  if (filter.sessionId) cache.delete(filter.sessionId);
  if (filter.userId) cache.deleteWhere((value) => !value || value.userId === filter.userId);
}

export type CreateSessionInput = {
  userId: string;
  method: string;
  userAgent?: string | null;
  ip?: string | null;
  now?: Date;
};

export async function createSession(
  db: Db,
  input: CreateSessionInput,
): Promise<{ id: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  // Signing in during a deletion's grace period cancels the deletion (and says so by mail).
  await cancelScheduledDeletion(db, input.userId, now);
  return db.session.create({
    data: {
      userId: input.userId,
      method: input.method,
      userAgent: input.userAgent?.slice(0, 512) || null,
      ip: input.ip?.slice(0, 64) || null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + sessionPolicy().maxAgeMs),
    },
    select: { id: true, expiresAt: true },
  });
}

/** The signed-in user behind (sid, userId), or null when the session is no longer valid. */
export async function getActiveSession(
  db: DbClient,
  sessionId: string,
  userId: string,
  now = new Date(),
): Promise<SessionUser | null> {
  const hit = cache.get(sessionId, now.getTime());
  if (hit !== undefined) return hit?.userId === userId ? hit : null;
  const value = await loadSession(db, sessionId, now);
  cache.set(sessionId, value, now.getTime());
  return value?.userId === userId ? value : null;
}

async function loadSession(db: DbClient, sessionId: string, now: Date): Promise<SessionUser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      userId: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { role: true, status: true, twoFactorEnabledAt: true, emailVerifiedAt: true } },
    },
  });
  if (!row || row.revokedAt || row.user.status === "deleted") return null;
  if (row.expiresAt <= now) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > sessionPolicy().idleMs) {
    await db.session.updateMany({
      where: { id: row.id, revokedAt: null },
      data: { revokedAt: now, revokedReason: "idle" },
    });
    logger.info({ sessionId: row.id, userId: row.userId }, "session ended: idle timeout");
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_WRITE_INTERVAL_MS) {
    await db.session.updateMany({
      where: { id: row.id, lastSeenAt: { lt: new Date(now.getTime() - LAST_SEEN_WRITE_INTERVAL_MS) } },
      data: { lastSeenAt: now },
    });
  }
  return {
    sessionId: row.id,
    userId: row.userId,
    role: row.user.role,
    status: row.user.status,
    twoFactorEnabled: row.user.twoFactorEnabledAt !== null,
    emailVerified: row.user.emailVerifiedAt !== null,
  };
}

export type SessionSummary = {
  id: string;
  method: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  current: boolean;
};

/** The user's live sessions, most recent first. */
export async function listSessions(
  db: Db,
  userId: string,
  currentSessionId?: string,
  now = new Date(),
): Promise<SessionSummary[]> {
  const rows = await db.session.findMany({
    where: {
      userId,
      revokedAt: null,
      expiresAt: { gt: now },
      lastSeenAt: { gt: new Date(now.getTime() - sessionPolicy().idleMs) },
    },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
    select: {
      id: true,
      method: true,
      userAgent: true,
      ip: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
    },
  });
  return rows.map((r) => ({ ...r, current: r.id === currentSessionId }));
}

/** Revokes one of the user's sessions (scoped by owner); false when there is no such live session. */
export async function revokeSession(
  db: Db,
  input: { userId: string; sessionId: string; reason: string },
): Promise<boolean> {
  const { count } = await db.session.updateMany({
    where: { id: input.sessionId, userId: input.userId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: input.reason },
  });
  invalidateSessionCache({ sessionId: input.sessionId });
  if (count > 0) logger.info({ sessionId: input.sessionId, reason: input.reason }, "session revoked");
  return count > 0;
}

/** Revokes every live session of the user except `keep` (log out everywhere, password change/reset). */
export async function revokeOtherSessions(
  db: Db,
  input: { userId: string; keep?: string; reason: string },
): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { userId: input.userId, revokedAt: null, ...(input.keep ? { id: { not: input.keep } } : {}) },
    data: { revokedAt: new Date(), revokedReason: input.reason },
  });
  invalidateSessionCache({ userId: input.userId });
  logger.info({ userId: input.userId, count, reason: input.reason }, "sessions revoked");
  return count;
}
