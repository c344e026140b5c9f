// POST /api/account/password — change the password (re-authentication required); ends every
// other session.
import { changePassword } from "@/lib/auth/account";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { ChangePasswordRequest } from "../schema";

export const POST = withUser(
  { body: ChangePasswordRequest, rateLimit: RATE_LIMIT_POLICIES.auth, maxBodyBytes: 8 * 1024 },
  async ({ principal, body, ip, db }) =>
    changePassword(db, {
      userId: principal.userId,
      sessionId: principal.sessionId,
      newPassword: body.newPassword,
      reauth: { password: body.currentPassword, code: body.code, ip },
    }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
