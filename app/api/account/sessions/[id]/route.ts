// DELETE /api/account/sessions/:id — end one of the user's sessions (404 for anyone else's).
import { revokeSession } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { SessionParams } from "../schema";

export const DELETE = withUser({}, async ({ principal, params, db }) => {
  const { id } = parseWith(SessionParams, params);
  const revoked = await revokeSession(db, {
    userId: principal.userId,
    sessionId: id,
    reason: "revoked_by_user",
  });
  if (!revoked) throw new AppError("not_found", "No such session.");
  return { ok: true, current: id === principal.sessionId };
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods({ DELETE });
