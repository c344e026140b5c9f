// The month's usage of an account, kept on its own row (monthKey, monthSpentPt). Settlement adds
// what it charged in the same UPDATE that moves posted and pending, under the account row lock, so
// the counter is exact under any concurrency, and a statement that locks the row (the hold's
// reservation) reads every settle committed before it. The month is the statement clock's UTC
// calendar month; a counter of another month means nothing spent yet this month (the month's
// first settle starts it afresh). Usage is what settles charged: refunds do not lower it.
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AccountRef } from "@/lib/ledger/common";
import { ownerOf } from "@/lib/ledger/common";
import { utcMonth } from "@/lib/periods";

/** The UTC month ("YYYY-MM") of the statement's `clock` CTE (reserve and settle both have one). */
export const CLOCK_MONTH = Prisma.sql`to_char((SELECT t FROM clock) AT TIME ZONE 'UTC', 'YYYY-MM')`;

/** This month's usage of the account row aliased `a` (0 while its counter holds another month). */
export const MONTH_SPENT = Prisma.sql`(CASE WHEN a."monthKey" = ${CLOCK_MONTH} THEN a."monthSpentPt" ELSE 0 END)`;

/** Settlement's SET assignments on the account row `a`: the month's usage plus `charged`. */
export function addMonthSpendSql(charged: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`"monthSpentPt" = ${MONTH_SPENT} + ${charged}, "monthKey" = ${CLOCK_MONTH}`;
}

/** PT the account's usage charged in the UTC month of `at` (0 without an account). */
export async function monthSpent(db: Db, ref: AccountRef, at: Date = new Date()): Promise<bigint> {
  const { type, ownerId } = ownerOf(ref);
  const row = await db.ledgerAccount.findUnique({
    where: { type_ownerId: { type, ownerId } },
    select: { monthKey: true, monthSpentPt: true },
  });
  return row && row.monthKey === utcMonth(at) ? row.monthSpentPt : 0n;
}
