// POST /api/teams/:id/transfer — hand the team to another member (owners); the caller stays an admin.
import { TeamParams, TransferRequest } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { transferOwnership } from "@/lib/teams/teams";

export const POST = withUser(
  { params: TeamParams, body: TransferRequest, flag: "teams" },
  async ({ principal, params, body, db }) =>
    transferOwnership(db, { teamId: params.id, userId: principal.userId, memberId: body.userId }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
