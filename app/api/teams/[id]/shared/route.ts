// GET /api/teams/:id/shared — the conversations shared with the team (every member, viewers too).
import { TeamParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { listShared } from "@/lib/teams/sharing";

export const GET = withUser({ params: TeamParams, flag: "teams" }, async ({ principal, params, db }) => ({
  conversations: await listShared(db, { teamId: params.id, userId: principal.userId }),
}));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
