// The budget's hard stop in admission (lib/metering/admit.ts): a gate of the hold's own statement,
// on the paying account row `a` that the reservation locks and re-checks (lib/ledger/holds.ts), so
// the month's usage and the open holds it reads are the newest: requests admitted at the same
// instant cannot together pass a budget (this month's usage + every open hold + this worst case
// <= the budget). Open holds count at their worst case until they settle.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AccountRef } from "@/lib/ledger/common";
import { ownerOf } from "@/lib/ledger/common";
import { MONTH_SPENT } from "@/lib/ledger/month-spend";
import { formatPt, formatPtValue } from "@/lib/money/pt";
import { utcMonth } from "@/lib/periods";

/** True unless the account has a hard-stop budget this request could exceed. Reads `a` and `clock`. */
export function budgetGateSql(worstCase: bigint): Prisma.Sql {
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM "Budget" b WHERE b."accountId" = a.id AND b."hardStop"
      AND ${MONTH_SPENT} + a.pending + ${worstCase}::bigint > b."amountPt")`;
}

export function startOfNextUtcMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

type HardStop = { budget: bigint; spent: bigint; reserved: bigint };

/** The account's hard-stop budget and what this month used and holds against it, or null. */
export async function hardStopState(db: Db, account: AccountRef, at: Date): Promise<HardStop | null> {
  const { type, ownerId } = ownerOf(account);
  const rows = await db.$queryRaw<
    { budget: bigint; monthKey: string | null; monthSpentPt: bigint; pending: bigint }[]
  >`
    SELECT b."amountPt" AS budget, a."monthKey", a."monthSpentPt", a.pending
    FROM "LedgerAccount" a JOIN "Budget" b ON b."accountId" = a.id AND b."hardStop"
    WHERE a.type = ${type}::"LedgerAccountType" AND a."ownerId" = ${ownerId}`;
  const row = rows[0];
  if (!row) return null;
  const spent = row.monthKey === utcMonth(at) ? row.monthSpentPt : 0n;
  return { budget: row.budget, spent, reserved: row.pending };
}

/** PT a new request may still hold under the hard stop (null: no hard-stop budget). */
export async function hardStopRoom(
  db: Db,
  account: AccountRef,
  at: Date = new Date(),
): Promise<bigint | null> {
  const state = await hardStopState(db, account, at);
  if (!state) return null;
  const room = state.budget - state.spent - state.reserved;
  return room > 0n ? room : 0n;
}

/**
 * After a refused hold: throws budget_exceeded when the account's hard-stop budget is what refused
 * it (read afresh), so the caller reports the budget rather than the balance.
 */
export async function assertWithinBudget(
  db: Db,
  account: AccountRef,
  worstCase: bigint,
  at: Date,
): Promise<void> {
  const state = await hardStopState(db, account, at);
  if (!state || state.spent + state.reserved + worstCase <= state.budget) return;
  throw budgetExceeded({ ...state, needed: worstCase, at });
}

export function budgetExceeded(input: {
  budget: bigint;
  spent: bigint;
  reserved: bigint;
  needed: bigint;
  at: Date;
}): AppError {
  const resetsAt = startOfNextUtcMonth(input.at);
  const resets = resetsAt.toLocaleDateString("en-US", { day: "numeric", month: "long", timeZone: "UTC" });
  const inFlight = input.reserved > 0n ? ` and ${formatPt(input.reserved)} held by requests in progress` : "";
  return new AppError(
    "budget_exceeded",
    `This request could take you over your monthly budget of ${formatPt(input.budget)} (${formatPtValue(input.budget)}): ` +
      `${formatPt(input.spent)} used this month${inFlight}, and it may need up to ${formatPt(input.needed)}. ` +
      `The budget resets on ${resets} (UTC); you can raise it or turn off its hard stop in your account's limits.`,
    {
      reason: "monthly_budget",
      budgetPt: input.budget,
      spentPt: input.spent,
      reservedPt: input.reserved,
      needed: input.needed,
      resetsAt: resetsAt.toISOString(),
    },
  );
}
