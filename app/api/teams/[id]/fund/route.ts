// POST /api/teams/:id/fund — an operator admin credits the team's pool (an audited adjustment
// grant through the ledger; idempotent on `key`). Team billing will be the usual way in.
import { FundRequest, TeamParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { fundTeam } from "@/lib/teams/pool";

export const POST = withAdmin(
  { params: TeamParams, body: FundRequest, flag: "teams" },
  async ({ principal, params, body, db, requestId }) =>
    fundTeam(db, { userId: principal.userId, requestId }, { teamId: params.id, ...body }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
