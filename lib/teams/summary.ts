// The chat header's numbers in a team workspace: the pool's available PT, what the member spent
// from it today (open holds at their amount, settled ones at their charge, as the team gate sums
// them) and the daily cap that binds them first (their own, else the team's; null: none).
import type { Db } from "@/lib/db";
import { getBalance } from "@/lib/ledger/accounts";
import { dayRange, utcDay } from "@/lib/periods";
import { teamAccount } from "@/lib/teams/admission-gate";
import { teamPayer } from "@/lib/teams/workspace";

export type TeamPoolSummary = {
  teamId: string;
  teamName: string;
  available: bigint;
  spentToday: bigint;
  dailyCapPt: bigint | null;
};

export async function teamPoolSummary(
  db: Db,
  input: { teamId: string; userId: string; now?: Date },
): Promise<TeamPoolSummary> {
  await teamPayer(db, input);
  const since = dayRange(utcDay(input.now ?? new Date())).from;
  const [balance, rows] = await Promise.all([
    getBalance(db, teamAccount(input.teamId)),
    db.$queryRaw<{ name: string; memberCap: bigint | null; teamCap: bigint | null; spent: bigint }[]>`
      SELECT t.name, m."dailyCapPt" AS "memberCap", t."dailyCapPt" AS "teamCap",
        (SELECT coalesce(sum(CASE h.status WHEN 'open' THEN h.amount WHEN 'settled' THEN h.charged ELSE 0 END), 0)::bigint
         FROM "LedgerHold" h JOIN "LedgerAccount" a ON a.id = h."accountId"
         WHERE a.type = 'team' AND a."ownerId" = ${input.teamId} AND h."createdAt" >= ${since}::timestamptz
           AND h.metadata->>'memberId' = ${input.userId}) AS spent
      FROM "Team" t JOIN "TeamMember" m ON m."teamId" = t.id AND m."userId" = ${input.userId}::uuid
      WHERE t.id = ${input.teamId}::uuid`,
  ]);
  const row = rows[0];
  return {
    teamId: input.teamId,
    teamName: row?.name ?? "",
    available: balance.available,
    spentToday: row?.spent ?? 0n,
    dailyCapPt: row?.memberCap ?? row?.teamCap ?? null,
  };
}
