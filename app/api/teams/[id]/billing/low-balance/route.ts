// GET/PUT /api/teams/:id/billing/low-balance: the team pool's low-balance alert (same body and
// answer as /api/account/low-balance), owners and admins only (docs/teams.md#low-balance-alert).
import { LowBalanceRequest } from "@/app/api/account/low-balance/schema";
import { TeamParams } from "@/app/api/teams/schema";
import { setTeamLowBalance, teamLowBalanceSetting } from "@/lib/budgets/team-low-balance";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

export const GET = withUser({ params: TeamParams, flag: "teams" }, async ({ principal, params, db }) =>
  teamLowBalanceSetting(db, { teamId: params.id, userId: principal.userId }),
);

export const PUT = withUser(
  { params: TeamParams, body: LowBalanceRequest, flag: "teams", maxBodyBytes: 1024 },
  async ({ principal, params, body, db }) =>
    setTeamLowBalance(db, { teamId: params.id, userId: principal.userId, thresholdPt: body.thresholdPt }),
);

export const { HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
