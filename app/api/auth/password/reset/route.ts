// POST /api/auth/password/reset — sets a new password from a reset link, ends every session
// and lifts any lock on the account.
import { resetPassword } from "@/lib/auth/password-reset";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { ResetPasswordRequest } from "./schema";

export const POST = withPublic(
  { body: ResetPasswordRequest, rateLimit: RATE_LIMIT_POLICIES.auth, maxBodyBytes: 8 * 1024 },
  async ({ body, db }) => {
    await resetPassword(db, body);
    return { ok: true };
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
