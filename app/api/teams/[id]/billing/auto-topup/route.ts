// GET/PUT /api/teams/:id/billing/auto-topup: the team's auto top-up (same body and answer as
// /api/billing/auto-topup), owners and admins only. Turning it on needs the team's saved card and
// is refused (409) while Stripe Tax is on (docs/teams.md#team-auto-top-up).
import { AutoTopUpRequest } from "@/app/api/billing/auto-topup/schema";
import { TeamParams } from "@/app/api/teams/schema";
import { catalog } from "@/lib/billing/catalog";
import { setTeamAutoTopUp, teamAutoTopUpSettings } from "@/lib/billing/team-auto-topup";
import type { Db } from "@/lib/db";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

async function view(db: Db, teamId: string, userId: string) {
  const settings = await teamAutoTopUpSettings(db, { teamId, userId });
  const packs = catalog().packs.map((p) => ({ id: p.id, name: p.name, pt: p.pt, price: p.price }));
  return { ...settings, packs };
}

export const GET = withUser({ params: TeamParams, flag: "teams" }, async ({ principal, params, db }) =>
  view(db, params.id, principal.userId),
);

export const PUT = withUser(
  { params: TeamParams, body: AutoTopUpRequest, flag: "teams", maxBodyBytes: 1024 },
  async ({ principal, params, body, db }) => {
    await setTeamAutoTopUp(db, { teamId: params.id, userId: principal.userId, settings: body });
    return view(db, params.id, principal.userId);
  },
);

export const { HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
