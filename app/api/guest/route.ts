// POST /api/guest — the visitor's guest identity: reuses a valid guest cookie, else creates a
// guest (rate-limited per IP: the guestCreate policy plus a daily cap in the database) and sets
// its signed HttpOnly cookie. Signed-in users get 409.
import { createGuest, guestCookieHeader, resolveGuestFromCookie } from "@/lib/auth/guests";
import { resolveUser } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withPublic } from "@/lib/http/route";
import { assertWithinLimit } from "@/lib/ratelimit/limiter";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";

export const POST = withPublic({}, async ({ request, ip, db }) => {
  if (await resolveUser(request)) throw new AppError("conflict", "You are signed in.");
  const existing = await resolveGuestFromCookie(db, request.headers.get("cookie"));
  if (existing) return { guestId: existing, created: false };
  await assertWithinLimit(
    `${RATE_LIMIT_POLICIES.guestCreate.name}:${ip}`,
    RATE_LIMIT_POLICIES.guestCreate,
    undefined,
    "Too many new guest sessions from your network this hour.",
  );
  const { guestId } = await createGuest(db, { ip });
  return json(
    { guestId, created: true },
    { status: 201, headers: { "set-cookie": guestCookieHeader(guestId) } },
  );
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
