// Who the caller is in a team, checked by every team service function before it reads or writes
// anything of the team (authorization lives here, not in the routes): a non-member gets 404, the
// team's existence included; a member whose role lacks the permission gets 403. The teams flag off
// makes every team 404 too.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isEnabled } from "@/lib/settings/flags";
import type { TeamPermission, TeamRole } from "@/lib/teams/permissions";
import { can } from "@/lib/teams/permissions";

export type Membership = { teamId: string; userId: string; role: TeamRole };

/** 404 while the teams feature is off (lib/feature-flags.ts): a feature shipped dark does not exist. */
export async function assertTeamsEnabled(db?: Db): Promise<void> {
  if (!(await isEnabled("teams", db)))
    throw new AppError("not_found", "This feature is not enabled on this server.");
}

/** The caller's membership of the team, or 404 (not a member, no such team, teams off). */
export async function loadMembership(db: Db, teamId: string, userId: string): Promise<Membership> {
  await assertTeamsEnabled(db);
  const row = await db.teamMember.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { role: true },
  });
  if (!row) throw new AppError("not_found", "Team not found.");
  return { teamId, userId, role: row.role };
}

/** The caller's membership when their role has the permission; 404 for outsiders, 403 for members. */
export async function requireTeamPermission(
  db: Db,
  input: { teamId: string; userId: string; permission: TeamPermission },
): Promise<Membership> {
  const membership = await loadMembership(db, input.teamId, input.userId);
  if (!can(membership.role, input.permission))
    throw new AppError("forbidden", `Your role (${membership.role}) may not do that in this team.`, {
      reason: "team_role",
      role: membership.role,
      needs: input.permission,
    });
  return membership;
}

/** Serializes membership changes of one team (the last-owner rule needs a stable count). */
export async function lockTeam(tx: Db, teamId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Team" WHERE id = ${teamId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", "Team not found.");
}
