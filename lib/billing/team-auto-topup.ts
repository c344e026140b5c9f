// A team's auto top-up: the user auto top-up (auto-topup.ts, auto-topup-sql.ts, auto-topup-run.ts)
// on the team's pool account. Owners and admins (the "billing" permission) set it on the team
// billing page; the settle statement that leaves the pool below the threshold queues one charge per
// crossing (at most maxPerDay a UTC day), the job charges the team's saved card off-session, and
// payment_intent.succeeded credits the pool (events/team-branch.ts). Mails go to the billing email.

import { writeAudit } from "@/lib/admin/audit";
import { isProductionDeployment } from "@/lib/app-url";
import type { AutoTopUpInput } from "@/lib/billing/auto-topup";
import { assertAutoTopUpInput, savedCard, TAX_UNAVAILABLE } from "@/lib/billing/auto-topup";
import { isPackId, isTestMode, packProduct } from "@/lib/billing/catalog";
import { automaticTaxEnabled } from "@/lib/billing/tax";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ensureAccount } from "@/lib/ledger/accounts";
import { teamAccount } from "@/lib/teams/admission-gate";
import { requireTeamPermission } from "@/lib/teams/membership";

export async function teamAutoTopUpSettings(db: Db, input: { teamId: string; userId: string }) {
  await requireTeamPermission(db, { ...input, permission: "billing" });
  const [row, charges] = await Promise.all([
    db.autoTopUp.findUnique({ where: { teamId: input.teamId } }),
    db.autoTopUpCharge.findMany({
      where: { teamId: input.teamId },
      orderBy: { createdAt: "desc" },
      take: 5,
      select: { id: true, pack: true, status: true, error: true, createdAt: true },
    }),
  ]);
  return {
    enabled: row?.enabled ?? false,
    thresholdPt: row?.thresholdPt ?? null,
    pack: row && isPackId(row.pack) ? row.pack : null,
    maxPerDay: row?.maxPerDay ?? 1,
    offReason: row?.offReason ?? null,
    unavailable: automaticTaxEnabled() ? TAX_UNAVAILABLE : null,
    charges,
  };
}

async function assertTeamCanCharge(db: Db, teamId: string): Promise<void> {
  if (automaticTaxEnabled()) throw new AppError("conflict", TAX_UNAVAILABLE);
  const team = await db.team.findUnique({ where: { id: teamId }, select: { stripeCustomerId: true } });
  const noCard = "Auto top-up needs the team's saved card: buy the team plan or a top-up first.";
  if (!team?.stripeCustomerId) throw new AppError("conflict", noCard);
  if (isTestMode()) {
    if (isProductionDeployment()) throw new AppError("service_unavailable", "Payments are not configured.");
    if ((await db.payment.count({ where: { teamId } })) === 0) throw new AppError("conflict", noCard);
    return;
  }
  if (!(await savedCard(team.stripeCustomerId))) throw new AppError("conflict", noCard);
}

export async function setTeamAutoTopUp(
  db: Db,
  input: { teamId: string; userId: string; settings: AutoTopUpInput },
) {
  await requireTeamPermission(db, { teamId: input.teamId, userId: input.userId, permission: "billing" });
  const s = input.settings;
  assertAutoTopUpInput(s);
  if (s.enabled) await assertTeamCanCharge(db, input.teamId);
  packProduct(s.pack);
  const { id: accountId } = await ensureAccount(db, teamAccount(input.teamId));
  // Saving re-arms the crossing and clears a previous failure; userId records who set it.
  const data = {
    enabled: s.enabled,
    thresholdPt: s.thresholdPt,
    pack: s.pack,
    maxPerDay: s.maxPerDay,
    firedMark: null,
    offReason: null,
    userId: input.userId,
  };
  await db.autoTopUp.upsert({
    where: { accountId },
    create: { accountId, teamId: input.teamId, ...data },
    update: data,
  });
  await writeAudit(
    db,
    { userId: input.userId },
    {
      action: "team.auto_topup",
      targetType: "team",
      targetId: input.teamId,
      after: { enabled: s.enabled, thresholdPt: s.thresholdPt, pack: s.pack, maxPerDay: s.maxPerDay },
    },
  );
  return teamAutoTopUpSettings(db, { teamId: input.teamId, userId: input.userId });
}
