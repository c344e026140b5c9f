// POST /api/account/email — change the address (re-authentication required): a link goes to
// the new address and the change happens when it is used.
import { requestEmailChange } from "@/lib/auth/account";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { ChangeEmailRequest } from "../schema";

export const POST = withUser(
  { body: ChangeEmailRequest, rateLimit: RATE_LIMIT_POLICIES.auth, maxBodyBytes: 8 * 1024 },
  async ({ principal, body, ip, db }) => {
    await requestEmailChange(db, {
      userId: principal.userId,
      newEmail: body.newEmail,
      reauth: { password: body.currentPassword, code: body.code, ip },
    });
    return json({ ok: true, message: "Check the new address for a confirmation link." }, { status: 202 });
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
