// The team's shared pool is its own ledger account (type team, ownerId = team id). Until team
// billing exists, PT reach it only through an operator admin's grant (POST /api/teams/:id/fund),
// posted by the ledger like any grant (the ledger stays the only writer of balances) and audited.
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { teamAccount } from "@/lib/teams/admission-gate";
import { assertTeamsEnabled } from "@/lib/teams/membership";

export type FundInput = {
  teamId: string;
  amountPt: bigint;
  /** Idempotency key of the grant: the same key again credits nothing more. */
  key: string;
  note?: string;
  expiresAt?: Date | null;
};

/** Credits the team's pool (an operator admin's adjustment grant). Idempotent on key. */
export async function fundTeam(db: Db, actor: Actor, input: FundInput) {
  await assertTeamsEnabled(db);
  const team = await db.team.findUnique({ where: { id: input.teamId }, select: { id: true } });
  if (!team) throw new AppError("not_found", "Team not found.");
  const result = await inTransaction(db, async (tx) => {
    const grant = await grantCredits(tx, {
      account: teamAccount(input.teamId),
      amount: input.amountPt,
      source: "adjustment",
      expiresAt: input.expiresAt ?? null,
      key: `team-fund:${input.teamId}:${input.key}`,
      actor: actor.userId,
      metadata: { teamId: input.teamId, note: input.note ?? null },
    });
    if (grant.created)
      await writeAudit(tx, actor, {
        action: "team.fund",
        targetType: "team",
        targetId: input.teamId,
        after: { amountPt: input.amountPt, key: input.key, note: input.note ?? null },
      });
    return grant;
  });
  const balance = await getBalance(db, teamAccount(input.teamId));
  return { transactionId: result.transactionId, created: result.created, available: balance.available };
}
