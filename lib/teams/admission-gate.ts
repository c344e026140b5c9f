// The team's part of the one admission statement (lib/metering/admit.ts): when a team pays, the
// statement calls team_admission_check() (migration 20261207194615_teams) once its hold is placed,
// i.e. under the team account's row lock that every hold on the pool takes first. The function
// reads on a fresh snapshot, so the member's daily and monthly spend and the team's daily spend it
// sums include every admission before this one: member caps and the team cap hold exactly under
// any concurrency, like the balance. A refusal raises and rolls the whole statement back (hold,
// slot and the surface's writes); teamRefusal() turns it into the caller's error.
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { errorText, pgErrorCode, RAISED } from "@/lib/ledger/common";
import { dayRange, monthRange, utcDay, utcMonth } from "@/lib/periods";

/** The ledger account of a team's pool. */
export function teamAccount(teamId: string) {
  return { kind: "team", teamId } as const;
}

/** Who pays: the team's pool, on behalf of one of its members. */
export type TeamPayer = { teamId: string; memberId: string };

/** A team-paid hold records its member (metadata.memberId): the caps sum holds by it. */
export function teamHoldMetadata(payer: TeamPayer): { teamId: string; memberId: string } {
  return { teamId: payer.teamId, memberId: payer.memberId };
}

/** The gate as a CTE for `alongside` (reads `acct` and `placed` of lib/ledger/holds reserveComposed). */
export function teamGateCte(payer: TeamPayer, amount: bigint, at: Date): Prisma.Sql {
  return Prisma.sql`
    team_gate AS (
      SELECT team_admission_check((SELECT id FROM acct), placed.id, ${payer.teamId}::uuid, ${payer.memberId}::uuid,
        ${amount}::bigint, ${dayRange(utcDay(at)).from}::timestamptz, ${monthRange(utcMonth(at)).from}::timestamptz) AS ok
      FROM placed)`;
}

/** Output column that makes the statement evaluate the gate. */
export const teamGateColumn = Prisma.sql`(SELECT ok FROM team_gate) AS "teamOk"`;

function secondsUntilUtcMidnight(at: Date): number {
  return Math.max(1, Math.ceil((dayRange(utcDay(at)).to.getTime() - at.getTime()) / 1000));
}

/** The AppError for a refusal raised by the gate, or null when `error` is something else. */
export function teamRefusal(error: unknown, at: Date): AppError | null {
  if (pgErrorCode(error) !== RAISED) return null;
  const match = /team_refused:([a-z_]+)/.exec(errorText(error));
  if (!match) return null;
  const retryAfter = String(secondsUntilUtcMidnight(at));
  switch (match[1]) {
    case "team_daily":
      return new AppError(
        "rate_limited",
        "The team has reached its daily PT limit. It resets at midnight UTC.",
        { reason: "team_daily_cap", retryAfter: Number(retryAfter) },
        { "Retry-After": retryAfter },
      );
    case "member_daily":
      return new AppError(
        "rate_limited",
        "You have reached your daily PT limit in this team. It resets at midnight UTC.",
        { reason: "member_daily_cap", retryAfter: Number(retryAfter) },
        { "Retry-After": retryAfter },
      );
    case "member_monthly":
      return new AppError(
        "budget_exceeded",
        "This request could take you over your monthly PT limit in this team. Ask an owner or admin to raise it.",
        { reason: "member_monthly_cap" },
      );
    default:
      return new AppError("forbidden", "You may not spend from this team's pool.", { reason: "team_role" });
  }
}
