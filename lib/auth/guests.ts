// Guest identities: a visitor can chat before signing up. The identity is a Guest row plus an
// HttpOnly cookie "<guestId>.<hmac>" signed with the auth secret. Creation is limited per IP
// twice: the shared limiter (guestCreate policy, per hour) and a daily cap counted in the
// database by a keyed hash of the IP, so clearing cookies does not mint new trials.
import { guestCookieName, readCookie, secureCookies } from "@/lib/auth/config";
import { hmacHex, safeEqualHex } from "@/lib/auth/crypto";
import { guestCache } from "@/lib/auth/guest-cache";
import { onGuestCreated } from "@/lib/auth/guest-credits";
import type { DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const GUEST_MAX_AGE_DAYS = 30;
export const GUEST_DAILY_LIMIT_PER_IP = 10;
const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function signGuestId(guestId: string): string {
  return `${guestId}.${hmacHex("guest-cookie", guestId)}`;
}

/** The guest id in a cookie value, or null when it is malformed or its signature is wrong. */
export function verifyGuestCookie(value: string | undefined): string | null {
  if (!value || value.length > 200) return null;
  const [id, mac, extra] = value.split(".");
  if (!id || !mac || extra !== undefined || !UUID.test(id)) return null;
  return safeEqualHex(mac, hmacHex("guest-cookie", id)) ? id : null;
}

export function guestIdFromCookieHeader(cookieHeader: string | null): string | null {
  return verifyGuestCookie(readCookie(cookieHeader, guestCookieName()));
}

export function guestIpHash(ip: string): string {
  return hmacHex("guest-ip", ip);
}

/** Set-Cookie value for the guest cookie (or its deletion when guestId is null). */
export function guestCookieHeader(guestId: string | null): string {
  const parts = [
    `${guestCookieName()}=${guestId ? signGuestId(guestId) : ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${guestId ? GUEST_MAX_AGE_DAYS * 86_400 : 0}`,
  ];
  if (secureCookies()) parts.push("Secure");
  return parts.join("; ");
}

/** A live (unconverted, unexpired) guest for the cookie, touching lastSeenAt at most once a minute. */
export async function resolveGuestFromCookie(
  db: DbClient,
  cookieHeader: string | null,
  now = new Date(),
): Promise<string | null> {
  const guestId = guestIdFromCookieHeader(cookieHeader);
  if (!guestId) return null;
  let guest = guestCache.get(guestId, now.getTime());
  if (guest === undefined) {
    const row = await db.guest.findUnique({
      where: { id: guestId },
      select: { id: true, createdAt: true, lastSeenAt: true, convertedUserId: true },
    });
    guest =
      row && !row.convertedUserId
        ? { id: row.id, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt }
        : null;
    guestCache.set(guestId, guest, now.getTime());
  }
  if (!guest) return null;
  if (now.getTime() - guest.createdAt.getTime() > GUEST_MAX_AGE_DAYS * 86_400_000) return null;
  if (now.getTime() - guest.lastSeenAt.getTime() > LAST_SEEN_WRITE_INTERVAL_MS) {
    await db.guest.update({ where: { id: guest.id }, data: { lastSeenAt: now } });
    guestCache.set(guestId, { ...guest, lastSeenAt: now }, now.getTime());
  }
  return guest.id;
}

/** Creates a guest for ip, refusing (429) past the daily per-IP cap. */
export async function createGuest(
  db: DbClient,
  input: { ip: string; now?: Date },
): Promise<{ guestId: string }> {
  const now = input.now ?? new Date();
  const ipHash = guestIpHash(input.ip);
  return db.$transaction(async (tx) => {
    // Serialize creations per IP so concurrent requests cannot all pass the count.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`guest:${ipHash}`}))`;
    const recent = await tx.guest.count({
      where: { ipHash, createdAt: { gt: new Date(now.getTime() - 86_400_000) } },
    });
    if (recent >= GUEST_DAILY_LIMIT_PER_IP) {
      throw new AppError(
        "rate_limited",
        "Too many guest sessions from your network today. Sign up to continue.",
      );
    }
    const guest = await tx.guest.create({
      data: { ipHash, createdAt: now, lastSeenAt: now },
      select: { id: true },
    });
    await onGuestCreated(tx, guest.id);
    return { guestId: guest.id };
  });
}
