// POST /api/account/two-factor/setup — re-authenticate, get a new TOTP secret and its QR code
// (a data: URL). Nothing changes until /enable confirms a code.
import { startTwoFactorSetup } from "@/lib/auth/account";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { ReauthRequest } from "../../schema";

export const POST = withUser(
  { body: ReauthRequest, rateLimit: RATE_LIMIT_POLICIES.auth, maxBodyBytes: 4 * 1024 },
  async ({ principal, body, ip, db }) =>
    startTwoFactorSetup(db, {
      userId: principal.userId,
      reauth: { password: body.currentPassword, code: body.code, ip },
    }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
