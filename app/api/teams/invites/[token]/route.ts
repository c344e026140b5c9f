// GET /api/teams/invites/:token — the invitation behind a link, for the address it was sent to
// (signed in with that address; anyone else gets 404).
import { InviteTokenParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { viewInvite } from "@/lib/teams/invites";

export const GET = withUser(
  { params: InviteTokenParams, flag: "teams" },
  async ({ principal, params, db }) => ({
    invite: await viewInvite(db, { token: params.token, userId: principal.userId }),
  }),
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
