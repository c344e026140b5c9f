// POST /api/teams/invites/:token/decline — say no (the link stops working).
import { InviteTokenParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { declineInvite } from "@/lib/teams/invites";

export const POST = withUser(
  { params: InviteTokenParams, flag: "teams" },
  async ({ principal, params, db }) => declineInvite(db, { token: params.token, userId: principal.userId }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
