// POST /api/teams/:id/invites — invite an address with a role (owners: admin, member, viewer;
// admins: member, viewer); the mail with its single-use link leaves through the outbox.
import { CreateInviteRequest, TeamParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withUser } from "@/lib/http/wrappers";
import { createInvite } from "@/lib/teams/invites";

export const POST = withUser(
  { params: TeamParams, body: CreateInviteRequest, flag: "teams" },
  async ({ principal, params, body, db }) =>
    json(
      { invite: await createInvite(db, { teamId: params.id, userId: principal.userId, ...body }) },
      { status: 201 },
    ),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
