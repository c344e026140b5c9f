// What owners and admins see of a team's spending: this month's usage by model and by UTC day (the
// team pool's usage entries, lib/ledger/usage-summary) and by member (the pool's settled holds,
// which carry metadata.memberId), the pool's ledger as CSV, and the team's audit log (invitations,
// removals, role and cap changes, purchases and billing settings). Owners and admins only.
import type { Db } from "@/lib/db";
import { findAccountId } from "@/lib/ledger/accounts";
import { statementCsv } from "@/lib/ledger/history";
import { usageForMonth } from "@/lib/ledger/usage-summary";
import { monthRange, utcMonth } from "@/lib/periods";
import { teamAccount } from "@/lib/teams/admission-gate";
import { requireTeamPermission } from "@/lib/teams/membership";

export type MemberUsage = { userId: string; email: string | null; pt: bigint; messages: number };

export async function teamUsage(db: Db, input: { teamId: string; userId: string; now?: Date }) {
  await requireTeamPermission(db, {
    teamId: input.teamId,
    userId: input.userId,
    permission: "manage_members",
  });
  const now = input.now ?? new Date();
  const month = utcMonth(now);
  const { from, to } = monthRange(month);
  const account = teamAccount(input.teamId);
  const [usage, accountId] = await Promise.all([
    usageForMonth(db, { account, month, now }),
    findAccountId(db, account),
  ]);
  const byMember = accountId
    ? await db.$queryRaw<MemberUsage[]>`
        SELECT h.metadata->>'memberId' AS "userId", u.email,
               coalesce(sum(h.charged), 0)::bigint AS pt, count(*)::int AS messages
        FROM "LedgerHold" h LEFT JOIN "User" u ON u.id::text = h.metadata->>'memberId'
        WHERE h."accountId" = ${accountId}::uuid AND h.status = 'settled'
          AND h."closedAt" >= ${from} AND h."closedAt" < ${to} AND h.metadata ? 'memberId'
        GROUP BY 1, 2 ORDER BY 3 DESC`
    : [];
  return { usage, byMember };
}

/** The pool's statement as CSV (owners and admins with the billing permission). */
export async function teamLedgerCsv(db: Db, input: { teamId: string; userId: string }): Promise<string> {
  await requireTeamPermission(db, { ...input, permission: "billing" });
  return statementCsv(db, teamAccount(input.teamId));
}

export type TeamAuditEntry = {
  id: string;
  action: string;
  actor: string | null;
  after: unknown;
  createdAt: Date;
};

/** The team's audit log, newest first (the AuditLog rows whose target is the team). */
export async function teamAuditLog(db: Db, input: { teamId: string; userId: string; limit?: number }) {
  await requireTeamPermission(db, {
    teamId: input.teamId,
    userId: input.userId,
    permission: "manage_members",
  });
  return db.$queryRaw<TeamAuditEntry[]>`
    SELECT a.id::text AS id, a.action, u.email AS actor, a.after, a."createdAt"
    FROM "AuditLog" a LEFT JOIN "User" u ON u.id = a."actorId"
    WHERE a."targetType" = 'team' AND a."targetId" = ${input.teamId}
    ORDER BY a."createdAt" DESC, a.id LIMIT ${input.limit ?? 100}`;
}
