// The low-balance alert of a team's pool: the user alert (low-balance.ts) on the team's ledger
// account, set by the members with the billing permission (owners and admins) on the team billing
// page. The settle statement does the rest (low-balance-sql.ts): once per crossing, it tells the
// owners and admins, the billing email and the operator's balance.low endpoints.
import { writeAudit } from "@/lib/admin/audit";
import type { Db } from "@/lib/db";
import { teamAccount } from "@/lib/teams/admission-gate";
import { requireTeamPermission } from "@/lib/teams/membership";
import { type LowBalanceView, lowBalanceSetting, removeLowBalance, setLowBalance } from "./low-balance";

type Caller = { teamId: string; userId: string };

export async function teamLowBalanceSetting(db: Db, input: Caller): Promise<LowBalanceView> {
  await requireTeamPermission(db, { ...input, permission: "billing" });
  return lowBalanceSetting(db, teamAccount(input.teamId));
}

/** Sets (and re-arms) the pool's alert, or turns it off with null. */
export async function setTeamLowBalance(
  db: Db,
  input: Caller & { thresholdPt: bigint | null },
): Promise<LowBalanceView> {
  await requireTeamPermission(db, { teamId: input.teamId, userId: input.userId, permission: "billing" });
  const account = teamAccount(input.teamId);
  if (input.thresholdPt === null) await removeLowBalance(db, account);
  else await setLowBalance(db, account, { thresholdPt: input.thresholdPt });
  await writeAudit(
    db,
    { userId: input.userId },
    {
      action: "team.low_balance",
      targetType: "team",
      targetId: input.teamId,
      after: { thresholdPt: input.thresholdPt },
    },
  );
  return lowBalanceSetting(db, account);
}
