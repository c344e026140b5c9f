// The team's audit log: each team action (invitations, removals, role and cap changes, ownership,
// purchases, billing settings) writes one AuditLog row targeting the team, in the action's own
// transaction, so owners and admins see who did what (lib/teams/reports.ts reads it).
import { writeAudit } from "@/lib/admin/audit";
import type { Db } from "@/lib/db";

export async function auditTeam(
  db: Db,
  actorId: string,
  teamId: string,
  action: string,
  after?: unknown,
): Promise<void> {
  await writeAudit(db, { userId: actorId }, { action, targetType: "team", targetId: teamId, after });
}
