// Teams and their members: create, list, read, caps, roles, remove, leave, transfer ownership.
// Every function takes the acting user and checks their membership and role itself
// (membership.ts); queries are scoped by team. Membership changes lock the team row, so "the last
// owner cannot leave" holds when two owners act at once. A new team gets its ledger account (its
// shared pool) in the transaction that creates it.
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ensureAccount, getBalance } from "@/lib/ledger/accounts";
import { teamAccount } from "@/lib/teams/admission-gate";
import { auditTeam } from "@/lib/teams/audit";
import { assertTeamsEnabled, lockTeam, requireTeamPermission } from "@/lib/teams/membership";
import type { TeamRole } from "@/lib/teams/permissions";
import { assignableRoles, can, outranks } from "@/lib/teams/permissions";

export const MAX_TEAMS_PER_USER = 20;

export async function createTeam(db: Db, input: { userId: string; name: string }) {
  await assertTeamsEnabled(db);
  const count = await db.teamMember.count({ where: { userId: input.userId } });
  if (count >= MAX_TEAMS_PER_USER)
    throw new AppError("conflict", `You can belong to at most ${MAX_TEAMS_PER_USER} teams.`);
  return inTransaction(db, async (tx) => {
    const team = await tx.team.create({
      data: {
        name: input.name,
        createdBy: input.userId,
        members: { create: { userId: input.userId, role: "owner" } },
      },
      select: { id: true, name: true, createdAt: true },
    });
    await ensureAccount(tx, teamAccount(team.id));
    return { ...team, role: "owner" as TeamRole };
  });
}

/** The caller's teams (for the workspace switcher and /teams). */
export async function listTeams(db: Db, userId: string) {
  await assertTeamsEnabled(db);
  const rows = await db.teamMember.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, team: { select: { id: true, name: true, createdAt: true } } },
  });
  return rows.map((r) => ({ ...r.team, role: r.role }));
}

/** One team as its member sees it: members with caps, the pool, and (managers) open invitations. */
export async function getTeam(db: Db, input: { teamId: string; userId: string }) {
  const me = await requireTeamPermission(db, { ...input, permission: "view" });
  const manage = can(me.role, "manage_members");
  const [team, members, invites, balance] = await Promise.all([
    db.team.findUnique({
      where: { id: input.teamId },
      select: { id: true, name: true, dailyCapPt: true, createdAt: true },
    }),
    db.$queryRaw<
      {
        userId: string;
        email: string;
        name: string | null;
        role: TeamRole;
        dailyCapPt: bigint | null;
        monthlyCapPt: bigint | null;
        joinedAt: Date;
      }[]
    >`
      SELECT m."userId"::text AS "userId", u.email, u.name, m.role, m."dailyCapPt", m."monthlyCapPt", m."createdAt" AS "joinedAt"
      FROM "TeamMember" m JOIN "User" u ON u.id = m."userId"
      WHERE m."teamId" = ${input.teamId}::uuid
      ORDER BY array_position(ARRAY['owner','admin','member','viewer']::"TeamRole"[], m.role), m."createdAt"`,
    manage
      ? db.teamInvite.findMany({
          where: { teamId: input.teamId, status: "pending" },
          orderBy: { createdAt: "desc" },
          select: { id: true, email: true, role: true, expiresAt: true, sentCount: true, createdAt: true },
        })
      : Promise.resolve([]),
    getBalance(db, teamAccount(input.teamId)),
  ]);
  if (!team) throw new AppError("not_found", "Team not found.");
  return {
    ...team,
    role: me.role,
    permissions: {
      manageMembers: manage,
      manageAdmins: can(me.role, "manage_admins"),
      own: can(me.role, "own"),
      billing: can(me.role, "billing"),
    },
    assignableRoles: assignableRoles(me.role),
    pool: { available: balance.available, pending: balance.pending },
    members,
    invites,
  };
}

/** The team's own daily cap over all its members (null removes it). Owners and admins. */
export async function setTeamDailyCap(
  db: Db,
  input: { teamId: string; userId: string; dailyCapPt: bigint | null },
) {
  await requireTeamPermission(db, { ...input, permission: "manage_members" });
  await db.team.update({ where: { id: input.teamId }, data: { dailyCapPt: input.dailyCapPt } });
  await auditTeam(db, input.userId, input.teamId, "team.daily_cap", { dailyCapPt: input.dailyCapPt });
  return { dailyCapPt: input.dailyCapPt };
}

/** A member's daily and monthly caps (null: none). Owners on anyone, admins on members and viewers. */
export async function setMemberCaps(
  db: Db,
  input: {
    teamId: string;
    userId: string;
    memberId: string;
    dailyCapPt: bigint | null;
    monthlyCapPt: bigint | null;
  },
) {
  const me = await requireTeamPermission(db, { ...input, permission: "manage_members" });
  const target = await memberOf(db, input.teamId, input.memberId);
  // Owners set anyone's caps (their own too); admins only those of members and viewers.
  if (!outranks(me.role, target.role))
    throw new AppError("forbidden", "You may not change the caps of this member.", { reason: "team_rank" });
  const row = await db.teamMember.update({
    where: { teamId_userId: { teamId: input.teamId, userId: input.memberId } },
    data: { dailyCapPt: input.dailyCapPt, monthlyCapPt: input.monthlyCapPt },
    select: { userId: true, dailyCapPt: true, monthlyCapPt: true },
  });
  await auditTeam(db, input.userId, input.teamId, "team.member_caps", row);
  return row;
}

/** Changes a member's role (not to or from owner: that is transferOwnership). */
export async function setMemberRole(
  db: Db,
  input: { teamId: string; userId: string; memberId: string; role: TeamRole },
) {
  return inTransaction(db, async (tx) => {
    const me = await requireTeamPermission(tx, { ...input, permission: "manage_members" });
    await lockTeam(tx, input.teamId);
    const target = await memberOf(tx, input.teamId, input.memberId);
    if (input.role === "owner" || target.role === "owner")
      throw new AppError("conflict", "Ownership changes hands only by a transfer.", { reason: "owner_role" });
    if (!assignableRoles(me.role).includes(input.role) || !outranks(me.role, target.role))
      throw new AppError("forbidden", "You may not give this role to this member.", { reason: "team_rank" });
    await tx.teamMember.update({
      where: { teamId_userId: { teamId: input.teamId, userId: input.memberId } },
      data: { role: input.role },
    });
    await auditTeam(tx, input.userId, input.teamId, "team.member_role", {
      userId: input.memberId,
      role: input.role,
    });
    return { userId: input.memberId, role: input.role };
  });
}

/** Removes another member (owners and admins, on members they outrank). */
export async function removeMember(db: Db, input: { teamId: string; userId: string; memberId: string }) {
  if (input.memberId === input.userId) return leaveTeam(db, input);
  return inTransaction(db, async (tx) => {
    const me = await requireTeamPermission(tx, { ...input, permission: "manage_members" });
    await lockTeam(tx, input.teamId);
    const target = await memberOf(tx, input.teamId, input.memberId);
    if (target.role === "owner" || !outranks(me.role, target.role))
      throw new AppError("forbidden", "You may not remove this member.", { reason: "team_rank" });
    await tx.teamMember.delete({
      where: { teamId_userId: { teamId: input.teamId, userId: input.memberId } },
    });
    await auditTeam(tx, input.userId, input.teamId, "team.member_removed", { userId: input.memberId });
    return { removed: input.memberId };
  });
}

/** Leaves the team. The last owner cannot: they transfer ownership first. */
export async function leaveTeam(db: Db, input: { teamId: string; userId: string }) {
  return inTransaction(db, async (tx) => {
    const me = await requireTeamPermission(tx, { ...input, permission: "view" });
    await lockTeam(tx, input.teamId);
    if (me.role === "owner") {
      const owners = await tx.teamMember.count({ where: { teamId: input.teamId, role: "owner" } });
      if (owners <= 1)
        throw new AppError("conflict", "You are the team's last owner: transfer ownership before leaving.", {
          reason: "last_owner",
        });
    }
    await tx.teamMember.delete({ where: { teamId_userId: { teamId: input.teamId, userId: input.userId } } });
    await auditTeam(tx, input.userId, input.teamId, "team.member_left", { userId: input.userId });
    return { removed: input.userId };
  });
}

/** Makes another member the owner; the caller stays on as an admin. */
export async function transferOwnership(db: Db, input: { teamId: string; userId: string; memberId: string }) {
  if (input.memberId === input.userId) throw new AppError("bad_request", "You already own this team.");
  return inTransaction(db, async (tx) => {
    await requireTeamPermission(tx, { ...input, permission: "own" });
    await lockTeam(tx, input.teamId);
    const target = await memberOf(tx, input.teamId, input.memberId);
    if (target.role === "viewer")
      throw new AppError("conflict", "Make this member a member or an admin before handing them the team.", {
        reason: "viewer_owner",
      });
    await tx.teamMember.update({
      where: { teamId_userId: { teamId: input.teamId, userId: input.memberId } },
      data: { role: "owner" },
    });
    await tx.teamMember.update({
      where: { teamId_userId: { teamId: input.teamId, userId: input.userId } },
      data: { role: "admin" },
    });
    await auditTeam(tx, input.userId, input.teamId, "team.ownership_transferred", { owner: input.memberId });
    return { owner: input.memberId };
  });
}

async function memberOf(db: Db, teamId: string, userId: string): Promise<{ role: TeamRole }> {
  const row = await db.teamMember.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { role: true },
  });
  if (!row) throw new AppError("not_found", "No such member in this team.");
  return row;
}

/** PATCH of a member: caps and/or role, each checked as on its own. */
export async function updateMember(
  db: Db,
  input: {
    teamId: string;
    userId: string;
    memberId: string;
    dailyCapPt?: bigint | null;
    monthlyCapPt?: bigint | null;
    role?: TeamRole;
  },
) {
  if (input.role !== undefined) await setMemberRole(db, { ...input, role: input.role });
  if (input.dailyCapPt !== undefined || input.monthlyCapPt !== undefined) {
    const current = await db.teamMember.findUnique({
      where: { teamId_userId: { teamId: input.teamId, userId: input.memberId } },
      select: { dailyCapPt: true, monthlyCapPt: true },
    });
    await setMemberCaps(db, {
      ...input,
      dailyCapPt: input.dailyCapPt === undefined ? (current?.dailyCapPt ?? null) : input.dailyCapPt,
      monthlyCapPt: input.monthlyCapPt === undefined ? (current?.monthlyCapPt ?? null) : input.monthlyCapPt,
    });
  }
  const row = await db.teamMember.findUnique({
    where: { teamId_userId: { teamId: input.teamId, userId: input.memberId } },
    select: { userId: true, role: true, dailyCapPt: true, monthlyCapPt: true },
  });
  if (!row) throw new AppError("not_found", "No such member in this team.");
  return row;
}
