// Revocable sessions: resolveUser accepts a session JWT only while its Session row is live;
// revocation, idle timeout and absolute lifetime end it; the in-process cache is short.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveUser } from "@/lib/auth/principal";
import {
  getActiveSession,
  invalidateSessionCache,
  listSessions,
  revokeOtherSessions,
  revokeSession,
  SESSION_CACHE_MS,
} from "@/lib/auth/sessions";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { createUser, installAppDb, sessionCookie, setupAuthEnv } from "./helpers";

let db: TestDatabase;

beforeAll(async () => {
  setupAuthEnv({ SESSION_IDLE_MINUTES: "30", SESSION_MAX_DAYS: "7" });
  db = await createTestDatabase();
  installAppDb(db.prisma);
});
afterAll(async () => db?.cleanup());

const request = (cookie?: string) =>
  new Request("http://app.test/api/account", { headers: cookie ? { cookie } : {} });

describe("resolveUser", () => {
  it("accepts a live session and refuses it on the next request after revocation", async () => {
    const user = await createUser(db.prisma, { role: "ADMIN" });
    const { cookie, sessionId } = await sessionCookie(db.prisma, user.id);
    const principal = await resolveUser(request(cookie));
    expect(principal).toMatchObject({
      kind: "user",
      userId: user.id,
      role: "ADMIN",
      sessionId,
      twoFactorEnabled: false,
    });

    expect(await revokeSession(db.prisma, { userId: user.id, sessionId, reason: "test" })).toBe(true);
    expect(await resolveUser(request(cookie))).toBeNull();
  });

  it("refuses missing, forged and foreign-secret cookies", async () => {
    expect(await resolveUser(request())).toBeNull();
    expect(await resolveUser(request("ledgerchat.session=not-a-jwt"))).toBeNull();
    const user = await createUser(db.prisma);
    const { cookie } = await sessionCookie(db.prisma, user.id);
    expect(await resolveUser(request(`${cookie.slice(0, -4)}AAAA`))).toBeNull();
  });

  it("refuses a token whose sub does not own the session", async () => {
    const a = await createUser(db.prisma);
    const b = await createUser(db.prisma);
    const { sessionId } = await sessionCookie(db.prisma, a.id);
    expect(await getActiveSession(db.prisma, sessionId, b.id)).toBeNull();
    expect(await getActiveSession(db.prisma, sessionId, a.id)).not.toBeNull();
  });

  it("sees a revocation made elsewhere within the cache time", async () => {
    const user = await createUser(db.prisma);
    const { sessionId } = await sessionCookie(db.prisma, user.id);
    const t0 = new Date();
    expect(await getActiveSession(db.prisma, sessionId, user.id, t0)).not.toBeNull();
    // Another instance revokes directly in the database (this process's cache is not told).
    await db.prisma.session.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
    const later = new Date(t0.getTime() + SESSION_CACHE_MS + 1);
    expect(await getActiveSession(db.prisma, sessionId, user.id, later)).toBeNull();
  });
});

describe("session lifetime", () => {
  it("ends a session after the idle timeout and keeps an active one alive (lastSeen at most once a minute)", async () => {
    const user = await createUser(db.prisma);
    const { sessionId } = await sessionCookie(db.prisma, user.id);
    const start = Date.now();
    invalidateSessionCache();
    expect(
      await getActiveSession(db.prisma, sessionId, user.id, new Date(start + 20 * 60_000)),
    ).not.toBeNull();
    const seen = await db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(seen.lastSeenAt.getTime()).toBe(start + 20 * 60_000);
    invalidateSessionCache();
    // Within the minute: no new write.
    await getActiveSession(db.prisma, sessionId, user.id, new Date(start + 20 * 60_000 + 30_000));
    expect(
      (await db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt.getTime(),
    ).toBe(start + 20 * 60_000);
    invalidateSessionCache();
    // 40 min after sign-in but 20 after last seen: still alive.
    expect(
      await getActiveSession(db.prisma, sessionId, user.id, new Date(start + 40 * 60_000)),
    ).not.toBeNull();
    invalidateSessionCache();
    // 31 min of silence: idle.
    expect(
      await getActiveSession(db.prisma, sessionId, user.id, new Date(start + 71 * 60_000 + 1000)),
    ).toBeNull();
    const ended = await db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(ended.revokedReason).toBe("idle");
  });

  it("ends a session at its absolute lifetime however active", async () => {
    const user = await createUser(db.prisma);
    const { sessionId } = await sessionCookie(db.prisma, user.id);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(7 * 86_400_000);
    await db.prisma.session.update({
      where: { id: sessionId },
      data: { lastSeenAt: new Date(row.expiresAt.getTime() - 60_000) },
    });
    invalidateSessionCache();
    expect(
      await getActiveSession(db.prisma, sessionId, user.id, new Date(row.expiresAt.getTime() + 1)),
    ).toBeNull();
  });
});

describe("listing and log out everywhere", () => {
  it("lists only the user's live sessions and revokes all but the current one", async () => {
    const user = await createUser(db.prisma);
    const other = await createUser(db.prisma);
    const a = await sessionCookie(db.prisma, user.id);
    const b = await sessionCookie(db.prisma, user.id);
    const c = await sessionCookie(db.prisma, user.id);
    await sessionCookie(db.prisma, other.id);
    const list = await listSessions(db.prisma, user.id, a.sessionId);
    expect(list.map((s) => s.id).sort()).toEqual([a.sessionId, b.sessionId, c.sessionId].sort());
    expect(list.find((s) => s.current)?.id).toBe(a.sessionId);

    // Another user's session id is not revocable by this user.
    const foreign = await sessionCookie(db.prisma, other.id);
    expect(
      await revokeSession(db.prisma, { userId: user.id, sessionId: foreign.sessionId, reason: "x" }),
    ).toBe(false);

    expect(
      await revokeOtherSessions(db.prisma, { userId: user.id, keep: a.sessionId, reason: "everywhere" }),
    ).toBe(2);
    expect(await resolveUser(request(a.cookie))).not.toBeNull();
    expect(await resolveUser(request(b.cookie))).toBeNull();
    expect(await resolveUser(request(c.cookie))).toBeNull();
    expect(await resolveUser(request(foreign.cookie))).not.toBeNull();
  });
});
