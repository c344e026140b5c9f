// POST /api/account/two-factor/disable — re-authenticate (password + code), then turn 2FA off.
import { disableTwoFactor } from "@/lib/auth/account";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { ReauthRequest } from "../../schema";

export const POST = withUser(
  { body: ReauthRequest, rateLimit: RATE_LIMIT_POLICIES.auth, maxBodyBytes: 4 * 1024 },
  async ({ principal, body, ip, db }) => {
    await disableTwoFactor(db, {
      userId: principal.userId,
      reauth: { password: body.currentPassword, code: body.code, ip },
    });
    return { ok: true };
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
