// GET /api/account — the signed-in user's profile; PATCH — change the display name; DELETE —
// schedule the account's deletion (re-authentication and the forfeit confirmation required).
import { getAccount, updateProfile } from "@/lib/auth/account";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { requestOwnDeletion } from "@/lib/privacy/request-deletion";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { DeleteAccountRequest, UpdateProfileRequest } from "./schema";

export const GET = withUser({}, async ({ principal, db }) => getAccount(db, principal.userId));

export const PATCH = withUser(
  { body: UpdateProfileRequest, maxBodyBytes: 4 * 1024 },
  async ({ principal, body, db }) => {
    await updateProfile(db, principal.userId, body);
    return getAccount(db, principal.userId);
  },
);

export const DELETE = withUser(
  { body: DeleteAccountRequest, rateLimit: RATE_LIMIT_POLICIES.privacy, maxBodyBytes: 4 * 1024 },
  async ({ principal, body, ip, db, requestId }) => {
    const scheduled = await requestOwnDeletion(db, {
      userId: principal.userId,
      reauth: { password: body.currentPassword, code: body.code, ip },
      requestId,
    });
    return { scheduled: true, dueAt: scheduled.dueAt };
  },
);

export const { HEAD, POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
