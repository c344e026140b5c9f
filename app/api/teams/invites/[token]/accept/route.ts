// POST /api/teams/invites/:token/accept — join the team (the link works once, until it expires).
import { InviteTokenParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { acceptInvite } from "@/lib/teams/invites";

export const POST = withUser(
  { params: InviteTokenParams, flag: "teams" },
  async ({ principal, params, db }) => acceptInvite(db, { token: params.token, userId: principal.userId }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
