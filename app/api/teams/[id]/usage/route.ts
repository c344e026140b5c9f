// GET /api/teams/:id/usage: this month's pool usage by day, model and member, and the team's audit
// log (owners and admins; other members 403, outsiders 404).
import { TeamParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { teamAuditLog, teamUsage } from "@/lib/teams/reports";

export const dynamic = "force-dynamic";

export const GET = withUser({ params: TeamParams, flag: "teams" }, async ({ principal, params, db }) => {
  const input = { teamId: params.id, userId: principal.userId };
  const { usage, byMember } = await teamUsage(db, input);
  const audit = await teamAuditLog(db, input);
  return { usage: { ...usage, lines: undefined }, byMember, audit };
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
