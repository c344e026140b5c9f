// Invitations by email: a single-use link whose token is stored only as its SHA-256, valid for
// INVITE_TTL_DAYS. One open invitation per team and address (openKey). Accepting is one
// conditional UPDATE (pending, unexpired, this token) in the transaction that adds the member, so
// two clicks cannot both join; only the invited address may accept or decline. The mail goes
// through the outbox in the same transaction (lib/email), so it exists exactly when the invite does.
import { appUrl } from "@/lib/app-url";
import { randomToken, sha256Hex } from "@/lib/auth/crypto";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { AppError } from "@/lib/errors";
import { auditTeam } from "@/lib/teams/audit";
import { assertTeamsEnabled, lockTeam, requireTeamPermission } from "@/lib/teams/membership";
import type { TeamRole } from "@/lib/teams/permissions";
import { assignableRoles } from "@/lib/teams/permissions";

export const INVITE_TTL_DAYS = 7;
const DAY_MS = 86_400_000;

function openKey(teamId: string, email: string): string {
  return `${teamId}:${email}`;
}

export function inviteUrl(token: string): string {
  return appUrl(`/teams/invite/${token}`);
}

type Inviter = { teamId: string; userId: string };

async function sendInvite(
  tx: Db,
  input: {
    inviteId: string;
    email: string;
    role: TeamRole;
    teamName: string;
    inviterId: string;
    token: string;
    n: number;
  },
) {
  // Sequential: a transaction client runs one query at a time.
  const inviter = await tx.user.findUnique({
    where: { id: input.inviterId },
    select: { name: true, email: true },
  });
  const invitee = await tx.user.findFirst({
    where: { email: { equals: input.email, mode: "insensitive" } },
    select: { name: true },
  });
  await enqueueEmail(tx, {
    to: input.email,
    template: "team-invite",
    data: {
      url: inviteUrl(input.token),
      teamName: input.teamName,
      inviterName: inviter?.name || inviter?.email || "A team owner",
      role: input.role,
      expiresDays: INVITE_TTL_DAYS,
      name: invitee?.name ?? null,
    },
    dedupeKey: `team-invite:${input.inviteId}:${input.n}`,
  });
}

/** Invites an address with a role the caller may hand out. Returns the invite (never its token). */
export async function createInvite(db: Db, input: Inviter & { email: string; role: TeamRole; now?: Date }) {
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const me = await requireTeamPermission(tx, { ...input, permission: "manage_members" });
    if (!assignableRoles(me.role).includes(input.role))
      throw new AppError("forbidden", `You may not invite someone as ${input.role}.`, {
        reason: "team_rank",
      });
    await lockTeam(tx, input.teamId);
    const member = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "TeamMember" m JOIN "User" u ON u.id = m."userId"
      WHERE m."teamId" = ${input.teamId}::uuid AND lower(u.email) = ${email}`;
    if ((member[0]?.n ?? 0) > 0)
      throw new AppError("conflict", "This person is already a member of the team.");
    // A pending invitation that has expired no longer blocks a new one.
    await tx.teamInvite.updateMany({
      where: { openKey: openKey(input.teamId, email), expiresAt: { lte: now } },
      data: { status: "revoked", openKey: null, respondedAt: now },
    });
    const open = await tx.teamInvite.findUnique({
      where: { openKey: openKey(input.teamId, email) },
      select: { id: true },
    });
    if (open)
      throw new AppError("conflict", "This address has an open invitation already: resend it instead.", {
        inviteId: open.id,
      });
    const team = await tx.team.findUniqueOrThrow({ where: { id: input.teamId }, select: { name: true } });
    const token = randomToken();
    const invite = await tx.teamInvite.create({
      data: {
        teamId: input.teamId,
        email,
        role: input.role,
        tokenHash: sha256Hex(token),
        openKey: openKey(input.teamId, email),
        invitedBy: input.userId,
        expiresAt: new Date(now.getTime() + INVITE_TTL_DAYS * DAY_MS),
      },
      select: { id: true, email: true, role: true, expiresAt: true, sentCount: true, createdAt: true },
    });
    await sendInvite(tx, {
      inviteId: invite.id,
      email,
      role: input.role,
      teamName: team.name,
      inviterId: input.userId,
      token,
      n: 1,
    });
    await auditTeam(tx, input.userId, input.teamId, "team.invite_sent", { email, role: input.role });
    return invite;
  });
}

/** Sends a pending invitation again with a new link (the old one stops working) and a new expiry. */
export async function resendInvite(db: Db, input: Inviter & { inviteId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const me = await requireTeamPermission(tx, { ...input, permission: "manage_members" });
    const invite = await tx.teamInvite.findFirst({
      where: { id: input.inviteId, teamId: input.teamId, status: "pending" },
      select: { id: true, email: true, role: true, sentCount: true, team: { select: { name: true } } },
    });
    if (!invite) throw new AppError("not_found", "No open invitation with this id.");
    if (!assignableRoles(me.role).includes(invite.role))
      throw new AppError("forbidden", "You may not resend this invitation.", { reason: "team_rank" });
    const token = randomToken();
    const n = invite.sentCount + 1;
    const updated = await tx.teamInvite.update({
      where: { id: invite.id },
      data: {
        tokenHash: sha256Hex(token),
        sentCount: n,
        expiresAt: new Date(now.getTime() + INVITE_TTL_DAYS * DAY_MS),
      },
      select: { id: true, email: true, role: true, expiresAt: true, sentCount: true, createdAt: true },
    });
    await sendInvite(tx, {
      inviteId: invite.id,
      email: invite.email,
      role: invite.role,
      teamName: invite.team.name,
      inviterId: input.userId,
      token,
      n,
    });
    await auditTeam(tx, input.userId, input.teamId, "team.invite_resent", { inviteId: input.inviteId });
    return updated;
  });
}

/** Revokes a pending invitation: its link stops working. */
export async function revokeInvite(db: Db, input: Inviter & { inviteId: string }) {
  const me = await requireTeamPermission(db, { ...input, permission: "manage_members" });
  const invite = await db.teamInvite.findFirst({
    where: { id: input.inviteId, teamId: input.teamId, status: "pending" },
    select: { role: true },
  });
  if (!invite) throw new AppError("not_found", "No open invitation with this id.");
  if (!assignableRoles(me.role).includes(invite.role))
    throw new AppError("forbidden", "You may not revoke this invitation.", { reason: "team_rank" });
  const { count } = await db.teamInvite.updateMany({
    where: { id: input.inviteId, teamId: input.teamId, status: "pending" },
    data: { status: "revoked", openKey: null, respondedAt: new Date(), respondedBy: input.userId },
  });
  if (count === 0) throw new AppError("not_found", "No open invitation with this id.");
  await auditTeam(db, input.userId, input.teamId, "team.invite_revoked", { inviteId: input.inviteId });
  return { revoked: input.inviteId };
}

type Invitee = { token: string; userId: string; now?: Date };

async function findOpenInvite(db: Db, input: Invitee) {
  await assertTeamsEnabled(db);
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { email: true } });
  if (!user) throw new AppError("unauthorized");
  const invite = await db.teamInvite.findUnique({
    where: { tokenHash: sha256Hex(input.token) },
    select: {
      id: true,
      teamId: true,
      email: true,
      role: true,
      status: true,
      expiresAt: true,
      team: { select: { name: true } },
    },
  });
  // Someone else's link reads as an unknown one: it names a team and an address.
  if (!invite || invite.email !== user.email.trim().toLowerCase())
    throw new AppError("not_found", "This invitation does not exist or was sent to another address.");
  if (invite.status !== "pending")
    throw new AppError("conflict", `This invitation was ${invite.status} already.`, {
      reason: `invite_${invite.status}`,
    });
  if (invite.expiresAt <= (input.now ?? new Date()))
    throw new AppError("conflict", "This invitation has expired. Ask the team for a new one.", {
      reason: "invite_expired",
    });
  return invite;
}

/** What the accept page shows: the team, the role, and the expiry. */
export async function viewInvite(db: Db, input: Invitee) {
  const invite = await findOpenInvite(db, input);
  return {
    teamId: invite.teamId,
    teamName: invite.team.name,
    role: invite.role,
    expiresAt: invite.expiresAt,
  };
}

async function respond(db: Db, input: Invitee, status: "accepted" | "declined") {
  const now = input.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const invite = await findOpenInvite(tx, input);
    await lockTeam(tx, invite.teamId);
    // Single use: only the statement that moves it out of pending goes on.
    const { count } = await tx.teamInvite.updateMany({
      where: { id: invite.id, status: "pending", tokenHash: sha256Hex(input.token), expiresAt: { gt: now } },
      data: { status, openKey: null, respondedAt: now, respondedBy: input.userId },
    });
    if (count === 0)
      throw new AppError("conflict", "This invitation was used already.", { reason: "invite_used" });
    if (status === "accepted") {
      const existing = await tx.teamMember.findUnique({
        where: { teamId_userId: { teamId: invite.teamId, userId: input.userId } },
        select: { role: true },
      });
      if (!existing)
        await tx.teamMember.create({
          data: { teamId: invite.teamId, userId: input.userId, role: invite.role },
        });
    }
    await auditTeam(tx, input.userId, invite.teamId, `team.invite_${status}`, { role: invite.role });
    return { teamId: invite.teamId, teamName: invite.team.name, status };
  });
}

export function acceptInvite(db: Db, input: Invitee) {
  return respond(db, input, "accepted");
}

export function declineInvite(db: Db, input: Invitee) {
  return respond(db, input, "declined");
}
