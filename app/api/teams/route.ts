// GET /api/teams — the caller's teams (the workspace switcher); POST — a new team, owned by the
// caller, with its own (empty) pool. Both 404 while the teams flag is off.
import { CreateTeamRequest } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withUser } from "@/lib/http/wrappers";
import { createTeam, listTeams } from "@/lib/teams/teams";

export const GET = withUser({ flag: "teams" }, async ({ principal, db }) => ({
  teams: await listTeams(db, principal.userId),
}));

export const POST = withUser({ body: CreateTeamRequest, flag: "teams" }, async ({ principal, body, db }) =>
  json({ team: await createTeam(db, { userId: principal.userId, name: body.name }) }, { status: 201 }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
