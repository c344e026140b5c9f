// POST /api/teams/:id/invites/:inviteId/resend — a new link (the old one stops working), a new expiry.
import { InviteParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { resendInvite } from "@/lib/teams/invites";

export const POST = withUser({ params: InviteParams, flag: "teams" }, async ({ principal, params, db }) => ({
  invite: await resendInvite(db, { teamId: params.id, userId: principal.userId, inviteId: params.inviteId }),
}));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
