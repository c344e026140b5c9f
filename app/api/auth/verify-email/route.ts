// POST /api/auth/verify-email — uses a verification link's token (a POST, so mail scanners that
// fetch links do not use it up).
import { confirmEmail } from "@/lib/auth/verify-email";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { VerifyEmailRequest } from "./schema";

export const POST = withPublic(
  { body: VerifyEmailRequest, rateLimit: RATE_LIMIT_POLICIES.auth },
  async ({ body, db }) => {
    const { email } = await confirmEmail(db, body.token);
    return { ok: true, email };
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
