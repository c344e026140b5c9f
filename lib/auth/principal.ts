// Who is making a request. resolveUser decodes the next-auth session JWT from the cookie and
// accepts it only while its server-side Session row is live (lib/auth/sessions.ts); resolveGuest
// reads the signed guest cookie. The assert* helpers are what services call before spending or
// buying: frozen accounts may sign in and read but not spend; unverified ones may not buy or use
// paid models.
import { decode } from "next-auth/jwt";
import { guestCookieName, readCookie, sessionCookieName } from "@/lib/auth/config";
import { resolveGuestFromCookie } from "@/lib/auth/guests";
import type { GuestPrincipal, Principal, UserPrincipal } from "@/lib/auth/principal-types";
import { authSecret } from "@/lib/auth/secret";
import { getActiveSession } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The session JWT's claims we rely on: sub (user id) and sid (Session row id). */
export async function readSessionToken(
  cookieHeader: string | null,
): Promise<{ userId: string; sessionId: string } | null> {
  const raw = readCookie(cookieHeader, sessionCookieName());
  if (!raw || raw.length > 8192) return null;
  const payload = await decode({ token: raw, secret: authSecret() }).catch(() => null);
  if (!payload || typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
  return { userId: payload.sub, sessionId: payload.sid };
}

export async function resolveUser(request: Request): Promise<UserPrincipal | null> {
  const token = await readSessionToken(request.headers.get("cookie"));
  if (!token) return null;
  const session = await getActiveSession(await getDb(), token.sessionId, token.userId);
  if (!session) return null;
  return {
    kind: "user",
    userId: session.userId,
    role: session.role,
    status: session.status,
    twoFactorEnabled: session.twoFactorEnabled,
    emailVerified: session.emailVerified,
    sessionId: session.sessionId,
  };
}

export async function resolveGuest(request: Request): Promise<GuestPrincipal | null> {
  const cookie = request.headers.get("cookie");
  // No (validly signed) guest cookie: answer without waiting for the database.
  if (!readCookie(cookie, guestCookieName())) return null;
  const guestId = await resolveGuestFromCookie(await getDb(), cookie);
  return guestId ? { kind: "guest", guestId } : null;
}

/** Spending PT (any model): refused for frozen and deleted accounts. Guests spend their trial. */
export function assertCanSpend(principal: Principal): void {
  if (principal.kind === "guest") return;
  if (principal.status === "deleted") throw new AppError("unauthorized");
  if (principal.status === "frozen") throw new AppError("account_frozen");
}

/** Paid models: also need a verified email (guests are limited to the free/trial models). */
export function assertCanUsePaidModels(principal: Principal): void {
  if (principal.kind === "guest") throw new AppError("unauthorized", "Sign up to use this model.");
  assertCanSpend(principal);
  if (!principal.emailVerified) throw new AppError("email_unverified");
}

/** Checkout, top-ups, plans: a signed-in, verified, non-frozen user. */
export function assertCanBuy(principal: Principal): void {
  if (principal.kind === "guest") throw new AppError("unauthorized", "Sign up to buy PT.");
  assertCanSpend(principal);
  if (!principal.emailVerified) throw new AppError("email_unverified");
}
