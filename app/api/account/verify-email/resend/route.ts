// POST /api/account/verify-email/resend — a fresh verification link for an unverified address.
import { resendVerification } from "@/lib/auth/account";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";

export const POST = withUser({ rateLimit: RATE_LIMIT_POLICIES.auth }, async ({ principal, db }) => {
  await resendVerification(db, principal.userId);
  return json({ ok: true }, { status: 202 });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
