// DELETE /api/teams/:id/invites/:inviteId — revoke a pending invitation (its link stops working).
import { InviteParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { revokeInvite } from "@/lib/teams/invites";

export const DELETE = withUser({ params: InviteParams, flag: "teams" }, async ({ principal, params, db }) =>
  revokeInvite(db, { teamId: params.id, userId: principal.userId, inviteId: params.inviteId }),
);

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods({ DELETE });
