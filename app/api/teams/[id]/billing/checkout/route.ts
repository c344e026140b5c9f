// POST /api/teams/:id/billing/checkout { seats } | { packId } → { url }: the team plan's checkout
// (or, when the team has it, the seat change), or a top-up for the team's pool. Owners and admins
// who may pay (verified, not frozen, legal terms accepted); a second click returns the same session,
// concurrent seat changes make one change.
import { TeamParams } from "@/app/api/teams/schema";
import { publicOrigin } from "@/lib/app-url";
import { startTeamCheckout } from "@/lib/billing/team-checkout";
import { AppError } from "@/lib/errors";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { assertLegalAccepted } from "@/lib/legal/acceptances";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { TeamCheckoutRequest, TeamCheckoutResponse } from "../schema";

export const POST = withUser(
  {
    params: TeamParams,
    body: TeamCheckoutRequest,
    flag: "teams",
    rateLimit: RATE_LIMIT_POLICIES.billing,
    maxBodyBytes: 1024,
  },
  async ({ body, params, principal, request, db }) => {
    if (principal.status === "frozen") throw new AppError("account_frozen");
    await assertLegalAccepted(db, principal.userId);
    const result = await startTeamCheckout(db, {
      userId: principal.userId,
      teamId: params.id,
      choice: body,
      origin: publicOrigin(request),
    });
    return TeamCheckoutResponse.parse(result);
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
