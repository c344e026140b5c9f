// POST /api/auth/sign-up — same 202 answer whether or not the address already has an account.
import { guestCookieHeader, guestIdFromCookieHeader } from "@/lib/auth/guests";
import { signUp } from "@/lib/auth/sign-up";
import { registerGuestAdoption } from "@/lib/chat/guest-adoption";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withPublic } from "@/lib/http/route";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { SignUpRequest, SignUpResponse } from "./schema";

// A guest who signs up keeps their conversations: chat joins auth's guest conversion.
registerGuestAdoption();

export const POST = withPublic(
  { body: SignUpRequest, rateLimit: RATE_LIMIT_POLICIES.auth, maxBodyBytes: 8 * 1024 },
  async ({ body, request, ip, db }) => {
    const guestId = guestIdFromCookieHeader(request.headers.get("cookie"));
    const { acceptLegal: _accepted, ...fields } = body;
    await signUp(db, { ...fields, guestId, legal: { ip } });
    const payload = SignUpResponse.parse({
      ok: true,
      message: "Check your inbox for a link to verify your address.",
    });
    // The guest cookie is cleared either way, so the response does not differ for taken addresses.
    return json(payload, {
      status: 202,
      headers: guestId ? { "set-cookie": guestCookieHeader(null) } : undefined,
    });
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
