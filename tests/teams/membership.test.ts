// Team membership rules at the service layer, on a real database: invitations are single use,
// expire, are replaced by a resend and refused after a revoke, and only the invited address may
// use them; two concurrent accepts join once; the last owner cannot leave (also when two owners
// leave at once), a transfer hands the team over; admins cannot act on owners; a shared
// conversation is readable by a viewer and a private one by nobody but its author.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { teamAccount } from "@/lib/teams/admission-gate";
import {
  acceptInvite,
  createInvite,
  declineInvite,
  resendInvite,
  revokeInvite,
  viewInvite,
} from "@/lib/teams/invites";
import { listShared, readShared, setShared } from "@/lib/teams/sharing";
import { leaveTeam, listTeams, removeMember, setMemberCaps, transferOwnership } from "@/lib/teams/teams";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { makeTeam } from "./helpers";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

describe("team membership", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
  });
  afterAll(async () => {
    await db.cleanup();
  });

  async function emailOf(userId: string) {
    return (await p.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })).email;
  }

  async function lastToken(email: string): Promise<string> {
    const mail = await p.emailOutbox.findFirstOrThrow({
      where: { template: "team-invite", to: email },
      orderBy: { createdAt: "desc" },
    });
    return String((mail.data as { url: string }).url)
      .split("/")
      .at(-1) as string;
  }

  it("a new team has an empty pool and its creator as owner", async () => {
    const { teamId, ownerId } = await makeTeam(p);
    expect(await listTeams(p, ownerId)).toEqual([expect.objectContaining({ id: teamId, role: "owner" })]);
    const pool = await getBalance(p, teamAccount(teamId));
    expect(pool.available).toBe(0n);
  });

  it("an invitation is single use, for its address only; two concurrent accepts join once", async () => {
    const { teamId, ownerId } = await makeTeam(p);
    const inviteeId = await createUser(p);
    const stranger = await createUser(p);
    const email = await emailOf(inviteeId);
    await createInvite(p, { teamId, userId: ownerId, email: email.toUpperCase(), role: "viewer" });
    const token = await lastToken(email);
    await expect(viewInvite(p, { token, userId: stranger })).rejects.toMatchObject({ code: "not_found" });
    expect(await viewInvite(p, { token, userId: inviteeId })).toMatchObject({ teamId, role: "viewer" });
    const results = await Promise.allSettled([
      acceptInvite(p, { token, userId: inviteeId }),
      acceptInvite(p, { token, userId: inviteeId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await p.teamMember.count({ where: { teamId, userId: inviteeId } })).toBe(1);
    await expect(declineInvite(p, { token, userId: inviteeId })).rejects.toMatchObject({ code: "conflict" });
    // Already a member: a second invitation is refused.
    await expect(createInvite(p, { teamId, userId: ownerId, email, role: "member" })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("a resend replaces the link, a revoke kills it, an expired one is refused", async () => {
    const { teamId, ownerId } = await makeTeam(p);
    const inviteeId = await createUser(p);
    const email = await emailOf(inviteeId);
    const invite = await createInvite(p, { teamId, userId: ownerId, email, role: "member" });
    const first = await lastToken(email);
    await expect(createInvite(p, { teamId, userId: ownerId, email, role: "member" })).rejects.toMatchObject({
      code: "conflict",
    });
    await resendInvite(p, { teamId, userId: ownerId, inviteId: invite.id });
    const second = await lastToken(email);
    expect(second).not.toBe(first);
    await expect(acceptInvite(p, { token: first, userId: inviteeId })).rejects.toMatchObject({
      code: "not_found",
    });
    await revokeInvite(p, { teamId, userId: ownerId, inviteId: invite.id });
    await expect(acceptInvite(p, { token: second, userId: inviteeId })).rejects.toMatchObject({
      code: "conflict",
    });

    const later = await createInvite(p, { teamId, userId: ownerId, email, role: "member" });
    const token = await lastToken(email);
    const afterExpiry = new Date(later.expiresAt.getTime() + 1);
    await expect(acceptInvite(p, { token, userId: inviteeId, now: afterExpiry })).rejects.toMatchObject({
      details: { reason: "invite_expired" },
    });
    await declineInvite(p, { token, userId: inviteeId });
    expect(await p.teamMember.count({ where: { teamId, userId: inviteeId } })).toBe(0);
  });

  it("admins invite members and viewers only, and cannot touch owners or other admins", async () => {
    const { teamId, ownerId, memberIds } = await makeTeam(p, ["admin", "admin", "member"]);
    const [adminId, otherAdmin, memberId] = memberIds as [string, string, string];
    await expect(
      createInvite(p, { teamId, userId: adminId, email: "x@test.local", role: "admin" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember(p, { teamId, userId: adminId, memberId: ownerId })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(removeMember(p, { teamId, userId: adminId, memberId: otherAdmin })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      setMemberCaps(p, { teamId, userId: adminId, memberId: ownerId, dailyCapPt: 1n, monthlyCapPt: null }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await setMemberCaps(p, { teamId, userId: adminId, memberId, dailyCapPt: 10n, monthlyCapPt: 20n });
    await removeMember(p, { teamId, userId: adminId, memberId });
    expect(await p.teamMember.count({ where: { teamId } })).toBe(3);
  });

  it("the last owner cannot leave, even when two owners leave at once; a transfer hands the team over", async () => {
    const { teamId, ownerId, memberIds } = await makeTeam(p, ["owner", "member"]);
    const [secondOwner, memberId] = memberIds as [string, string];
    const results = await Promise.allSettled([
      leaveTeam(p, { teamId, userId: ownerId }),
      leaveTeam(p, { teamId, userId: secondOwner }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await p.teamMember.count({ where: { teamId, role: "owner" } })).toBe(1);
    const remaining = (await p.teamMember.findFirstOrThrow({ where: { teamId, role: "owner" } })).userId;
    await expect(leaveTeam(p, { teamId, userId: remaining })).rejects.toMatchObject({
      details: { reason: "last_owner" },
    });
    await transferOwnership(p, { teamId, userId: remaining, memberId });
    await leaveTeam(p, { teamId, userId: remaining });
    expect(await p.teamMember.findMany({ where: { teamId }, select: { userId: true, role: true } })).toEqual([
      { userId: memberId, role: "owner" },
    ]);
  });

  it("conversations are private to their author until shared; viewers read shared ones", async () => {
    const { teamId, memberIds } = await makeTeam(p, ["member", "viewer"]);
    const [memberId, viewerId] = memberIds as [string, string];
    const conversation = await p.conversation.create({
      data: { userId: memberId, teamId, title: "Plan", model: "demo" },
    });
    const ref = { teamId, conversationId: conversation.id };
    await expect(readShared(p, { ...ref, userId: viewerId })).rejects.toMatchObject({ code: "not_found" });
    await expect(setShared(p, { ...ref, userId: viewerId, shared: true })).rejects.toMatchObject({
      code: "forbidden",
    });
    await setShared(p, { ...ref, userId: memberId, shared: true });
    expect(await listShared(p, { teamId, userId: viewerId })).toHaveLength(1);
    expect(await readShared(p, { ...ref, userId: viewerId })).toMatchObject({ id: conversation.id });
    await setShared(p, { ...ref, userId: memberId, shared: false });
    expect(await listShared(p, { teamId, userId: viewerId })).toHaveLength(0);
  });
});
