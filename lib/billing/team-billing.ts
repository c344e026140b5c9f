// The team billing page's data (GET /api/teams/:id/billing) and its billing email: owners, admins
// (the "billing" permission) only. Seats and the period come from the team's subscription, the
// allowance left from the pool's unexpired allowance grants, purchases from the team's payments.

import { writeAudit } from "@/lib/admin/audit";
import type { BillingCurrency } from "@/lib/billing/catalog";
import { billingCurrency, catalog, formatPrice, formatPtAmount } from "@/lib/billing/catalog";
import { ENTITLING_STATUSES } from "@/lib/billing/stripe-objects";
import { teamPlanTerms } from "@/lib/billing/team-catalog";
import { saveTeamBillingEmail, teamBillingEmail } from "@/lib/billing/team-customer";
import type { Db } from "@/lib/db";
import { getBalance } from "@/lib/ledger/accounts";
import { teamAccount } from "@/lib/teams/admission-gate";
import { requireTeamPermission } from "@/lib/teams/membership";

const money = (minor: bigint, currency: string) =>
  formatPrice(
    minor,
    (["usd", "inr", "eur", "gbp"].includes(currency) ? currency : billingCurrency()) as BillingCurrency,
  );

export async function getTeamBilling(db: Db, input: { teamId: string; userId: string; now?: Date }) {
  await requireTeamPermission(db, { ...input, permission: "billing" });
  const now = input.now ?? new Date();
  const [subscription, balance, allowance, payments, billingEmail, team] = await Promise.all([
    db.teamSubscription.findFirst({
      where: { teamId: input.teamId, status: { in: [...ENTITLING_STATUSES] } },
      orderBy: { updatedAt: "desc" },
      select: { id: true, seats: true, status: true, currentPeriodEnd: true, cancelAtPeriodEnd: true },
    }),
    getBalance(db, teamAccount(input.teamId)),
    db.$queryRaw<{ remaining: bigint | null; granted: bigint | null }[]>`
      SELECT sum(g.remaining)::bigint AS remaining, sum(g.amount)::bigint AS granted
      FROM "LedgerGrant" g JOIN "LedgerAccount" a ON a.id = g."accountId"
      WHERE a.type = 'team' AND a."ownerId" = ${input.teamId} AND g.source = 'allowance'
        AND (g."expiresAt" IS NULL OR g."expiresAt" > ${now})`,
    db.payment.findMany({
      where: { teamId: input.teamId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: {
        id: true,
        kind: true,
        description: true,
        amountMinor: true,
        taxMinor: true,
        currency: true,
        pt: true,
        refundedMinor: true,
        createdAt: true,
        userId: true,
      },
    }),
    teamBillingEmail(db, input.teamId),
    db.team.findUnique({ where: { id: input.teamId }, select: { billingEmail: true } }),
  ]);
  const currency = billingCurrency();
  return {
    currency,
    plan: teamPlanTerms(currency),
    packs: catalog(currency).packs,
    subscription: subscription
      ? { ...subscription, periodEnd: subscription.currentPeriodEnd?.toISOString() ?? null }
      : null,
    pool: { available: balance.available.toString(), availableLabel: formatPtAmount(balance.available) },
    allowance: {
      left: (allowance[0]?.remaining ?? 0n).toString(),
      granted: (allowance[0]?.granted ?? 0n).toString(),
    },
    billingEmail,
    billingEmailIsDefault: !team?.billingEmail,
    purchases: payments.map((p) => ({
      id: p.id,
      kind: p.kind,
      description: p.description,
      amount: money(p.amountMinor, p.currency),
      tax: p.taxMinor > 0n ? money(p.taxMinor, p.currency) : null,
      refunded: p.refundedMinor > 0n ? money(p.refundedMinor, p.currency) : null,
      pt: p.pt.toString(),
      createdAt: p.createdAt.toISOString(),
      buyerId: p.userId,
    })),
  };
}

export async function setTeamBillingEmail(
  db: Db,
  input: { teamId: string; userId: string; email: string | null },
) {
  await requireTeamPermission(db, { teamId: input.teamId, userId: input.userId, permission: "billing" });
  const effective = await saveTeamBillingEmail(db, input.teamId, input.email);
  await writeAudit(
    db,
    { userId: input.userId },
    {
      action: "team.billing_email",
      targetType: "team",
      targetId: input.teamId,
      after: { billingEmail: input.email },
    },
  );
  return { billingEmail: effective, billingEmailIsDefault: input.email === null };
}
