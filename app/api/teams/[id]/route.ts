// GET /api/teams/:id — the team as its member sees it (members, caps, pool; invitations for owners
// and admins); PATCH — the team's daily cap (owners and admins). Outsiders get 404.
import { TeamParams, UpdateTeamRequest } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { getTeam, setTeamDailyCap } from "@/lib/teams/teams";

export const GET = withUser({ params: TeamParams, flag: "teams" }, async ({ principal, params, db }) => ({
  team: await getTeam(db, { teamId: params.id, userId: principal.userId }),
}));

export const PATCH = withUser(
  { params: TeamParams, body: UpdateTeamRequest, flag: "teams" },
  async ({ principal, params, body, db }) =>
    setTeamDailyCap(db, { teamId: params.id, userId: principal.userId, dailyCapPt: body.dailyCapPt }),
);

export const { HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
