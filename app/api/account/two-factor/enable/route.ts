// POST /api/account/two-factor/enable — confirm the pending secret with a code; answers the 10
// recovery codes, shown once. Every other session of the user is signed out.
import { enableTwoFactor } from "@/lib/auth/account";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { EnableTwoFactorRequest } from "../../schema";

export const POST = withUser(
  { body: EnableTwoFactorRequest, rateLimit: RATE_LIMIT_POLICIES.auth, maxBodyBytes: 1024 },
  async ({ principal, body, db }) => ({
    recoveryCodes: await enableTwoFactor(db, {
      userId: principal.userId,
      code: body.code,
      sessionId: principal.sessionId,
    }),
  }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
