// Team admin views on real Postgres: this month's pool usage by member (the settled holds' memberId)
// and by model, the pool's ledger CSV, and the audit log of team actions; owners and admins only.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { teamAccount } from "@/lib/teams/admission-gate";
import { createInvite } from "@/lib/teams/invites";
import { teamAuditLog, teamLedgerCsv, teamUsage } from "@/lib/teams/reports";
import { removeMember, setMemberCaps } from "@/lib/teams/teams";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { fund, makeTeam } from "./helpers";

let db: TestDatabase;
let p: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  p = db.prisma;
});
afterAll(async () => {
  await db.cleanup();
});

async function spend(teamId: string, memberId: string, pt: bigint) {
  const hold = await reserve(p, {
    account: teamAccount(teamId),
    amount: pt,
    key: `t:${randomUUID()}`,
    ttlSeconds: 600,
    metadata: { teamId, memberId },
  });
  await settle(p, { holdId: hold.holdId, actual: pt, metadata: { model: "demo-model" } });
}

describe("team reports", () => {
  it("usage by member and by model this month; members may not see it", async () => {
    const { teamId, ownerId, memberIds } = await makeTeam(p, ["admin", "member", "member"]);
    const [adminId, a, b] = memberIds as [string, string, string];
    const operator = await createUser(p);
    await fund(p, teamId, 100_000n, operator);
    await spend(teamId, a, 1_000n);
    await spend(teamId, b, 2_000n);
    await spend(teamId, b, 500n);
    const { usage, byMember } = await teamUsage(p, { teamId, userId: adminId });
    expect(usage.totalPt).toBe(3_500n);
    expect(byMember.map((m) => [m.userId, m.pt, m.messages])).toEqual([
      [b, 2_500n, 2],
      [a, 1_000n, 1],
    ]);
    expect(usage.byModel.map((m) => [m.model, m.pt])).toEqual([["demo-model", 3_500n]]);
    await expect(teamUsage(p, { teamId, userId: a })).rejects.toMatchObject({ code: "forbidden" });
    const outsider = await createUser(p);
    await expect(teamUsage(p, { teamId, userId: outsider })).rejects.toMatchObject({ code: "not_found" });
    const csv = await teamLedgerCsv(p, { teamId, userId: ownerId });
    expect(csv.split("\n").length).toBeGreaterThanOrEqual(5);
    await expect(teamLedgerCsv(p, { teamId, userId: a })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("the audit log records invitations, cap changes and removals, newest first; members may not read it", async () => {
    const { teamId, ownerId, memberIds } = await makeTeam(p, ["member"]);
    const memberId = memberIds[0] as string;
    await createInvite(p, { teamId, userId: ownerId, email: `x-${randomUUID()}@test.local`, role: "viewer" });
    await setMemberCaps(p, { teamId, userId: ownerId, memberId, dailyCapPt: 5_000n, monthlyCapPt: null });
    await removeMember(p, { teamId, userId: ownerId, memberId });
    const log = await teamAuditLog(p, { teamId, userId: ownerId });
    expect(log.map((e) => e.action).sort()).toEqual([
      "team.invite_sent",
      "team.member_caps",
      "team.member_removed",
    ]);
    for (let i = 1; i < log.length; i++)
      expect((log[i - 1]?.createdAt.getTime() ?? 0) >= (log[i]?.createdAt.getTime() ?? 0)).toBe(true);
    expect(log.every((e) => e.actor?.endsWith("@test.local"))).toBe(true);
    const viewer = await makeTeam(p, ["viewer"]);
    await expect(
      teamAuditLog(p, { teamId: viewer.teamId, userId: viewer.memberIds[0] as string }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
