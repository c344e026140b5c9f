// GET /api/account/sessions — the user's live sessions; DELETE — end all but this one
// ("log out everywhere else").
import { listSessions, revokeOtherSessions } from "@/lib/auth/sessions";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { SessionListResponse } from "./schema";

export const GET = withUser({}, async ({ principal, db }) =>
  SessionListResponse.parse({
    sessions: await listSessions(db, principal.userId, principal.sessionId),
  }),
);

export const DELETE = withUser({}, async ({ principal, db }) => ({
  revoked: await revokeOtherSessions(db, {
    userId: principal.userId,
    keep: principal.sessionId,
    reason: "logged_out_everywhere",
  }),
}));

export const { HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods({ GET, DELETE });
