// The workspace a metered request runs in: personal (the caller's own account pays) or a team
// (the team's pool pays, within the member's caps and the team's daily cap). Decided once, at
// admission, from the request's teamId (a chat turn) or the key's team (/v1); the caller must be a
// member whose role may spend. Until team billing sets a plan per team, a team workspace runs on
// TEAM_WORKSPACE_PLAN's throttles and model tiers, whatever the member's personal plan.
import type { Db } from "@/lib/db";
import type { PlanId } from "@/lib/entitlements";
import type { TeamPayer } from "@/lib/teams/admission-gate";
import { requireTeamPermission } from "@/lib/teams/membership";

export const TEAM_WORKSPACE_PLAN: PlanId = "pro";

/** No daily cap of the paying account's own (the team's daily cap is checked by the team gate). */
export const NO_DAILY_CAP = 2n ** 62n;

/** The payer of a request in the team workspace: 404 for a non-member, 403 for a viewer. */
export async function teamPayer(db: Db, input: { teamId: string; userId: string }): Promise<TeamPayer> {
  await requireTeamPermission(db, { ...input, permission: "spend" });
  return { teamId: input.teamId, memberId: input.userId };
}
