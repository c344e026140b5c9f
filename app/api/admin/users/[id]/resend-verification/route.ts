// POST /api/admin/users/:id/resend-verification — a new verification email.
import { resendVerification } from "@/lib/admin/user-actions";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { UserParams } from "../../schema";

export const POST = withAdmin({}, async ({ params, principal, requestId, db }) => {
  const { id } = parseWith(UserParams, params);
  return resendVerification(db, { userId: principal.userId, requestId }, id);
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
