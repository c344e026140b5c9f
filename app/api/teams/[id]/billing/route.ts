// GET /api/teams/:id/billing — seats, allowance left, pool, purchases and the billing email;
// PATCH — the billing email. Owners and admins (the "billing" permission); others 403, outsiders 404.
import { TeamParams } from "@/app/api/teams/schema";
import { getTeamBilling, setTeamBillingEmail } from "@/lib/billing/team-billing";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { TeamBillingUpdate } from "./schema";

export const GET = withUser({ params: TeamParams, flag: "teams" }, async ({ principal, params, db }) => ({
  billing: await getTeamBilling(db, { teamId: params.id, userId: principal.userId }),
}));

export const PATCH = withUser(
  { params: TeamParams, body: TeamBillingUpdate, flag: "teams", maxBodyBytes: 1024 },
  async ({ principal, params, body, db }) =>
    setTeamBillingEmail(db, { teamId: params.id, userId: principal.userId, email: body.billingEmail }),
);

export const { HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
