// A chat turn in a team workspace: only a signed-in member who may spend (lib/teams/workspace.ts),
// on the team workspace plan's throttles and model tiers; the member's own status (frozen,
// verified email) still applies. The team's pool, not the member's account, pays.
import type { GuestPrincipal, UserPrincipal } from "@/lib/auth/principal-types";
import type { ChatAccess } from "@/lib/chat/limits";
import type { Db } from "@/lib/db";
import { entitlementsFor } from "@/lib/entitlements";
import { AppError } from "@/lib/errors";
import type { TeamPayer } from "@/lib/teams/admission-gate";
import { NO_DAILY_CAP, TEAM_WORKSPACE_PLAN, teamPayer } from "@/lib/teams/workspace";

export async function workspacePayer(
  db: Db,
  principal: UserPrincipal | GuestPrincipal,
  teamId: string,
): Promise<TeamPayer> {
  if (principal.kind !== "user") throw new AppError("not_found", "Team not found.");
  return teamPayer(db, { teamId, userId: principal.userId });
}

/** The member's access with the team workspace's plan (the team's caps are gates of admission). */
export function teamWorkspaceAccess(personal: ChatAccess): ChatAccess {
  return {
    ...personal,
    plan: TEAM_WORKSPACE_PLAN,
    entitlements: entitlementsFor(TEAM_WORKSPACE_PLAN),
    dailyPtCap: NO_DAILY_CAP,
    userDailyPtCap: null,
  };
}
