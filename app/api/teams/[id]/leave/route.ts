// POST /api/teams/:id/leave — leave the team (409 last_owner for its last owner).
import { TeamParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { leaveTeam } from "@/lib/teams/teams";

export const POST = withUser({ params: TeamParams, flag: "teams" }, async ({ principal, params, db }) =>
  leaveTeam(db, { teamId: params.id, userId: principal.userId }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
