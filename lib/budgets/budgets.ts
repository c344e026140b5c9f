// Monthly budgets of paying ledger accounts (a user's account today; a team's account is the same
// AccountRef to these functions). The budget row is keyed by the ledger account, so admission's
// hard stop and settlement's alerts join it by account id inside their own statements.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ensureAccount, findAccountId } from "@/lib/ledger/accounts";
import type { AccountRef } from "@/lib/ledger/common";
import { ptPerUsd } from "@/lib/money/pt";
import { utcMonth } from "@/lib/periods";

/** The largest budget accepted (far above any real month; keeps every product within bigint). */
export const MAX_BUDGET_PT = 1_000_000_000_000_000n;

export type BudgetView = { amountPt: bigint; hardStop: boolean; updatedAt: Date };
export type BudgetAlertView = { threshold: number; spentPt: bigint; createdAt: Date };
export type BudgetStatus = {
  /** The UTC month ("YYYY-MM") the figures are for. */
  month: string;
  /** Usage charged this month. */
  spentPt: bigint;
  /** Held by requests in progress (counted against a hard stop at their worst case). */
  reservedPt: bigint;
  budget: BudgetView | null;
  /** The alerts sent this month, lowest threshold first. */
  alerts: BudgetAlertView[];
  /** PT per US dollar of list price, for showing money values. */
  ptPerUsd: bigint;
};

export async function budgetStatus(
  db: Db,
  account: AccountRef,
  at: Date = new Date(),
): Promise<BudgetStatus> {
  const month = utcMonth(at);
  const empty = { month, spentPt: 0n, reservedPt: 0n, budget: null, alerts: [], ptPerUsd: ptPerUsd() };
  const accountId = await findAccountId(db, account);
  if (!accountId) return empty;
  const [row, budget, alerts] = await Promise.all([
    db.ledgerAccount.findUniqueOrThrow({
      where: { id: accountId },
      select: { monthKey: true, monthSpentPt: true, pending: true },
    }),
    db.budget.findUnique({
      where: { accountId },
      select: { amountPt: true, hardStop: true, updatedAt: true },
    }),
    db.budgetAlert.findMany({
      where: { accountId, month },
      orderBy: { threshold: "asc" },
      select: { threshold: true, spentPt: true, createdAt: true },
    }),
  ]);
  return {
    ...empty,
    spentPt: row.monthKey === month ? row.monthSpentPt : 0n,
    reservedPt: row.pending,
    budget,
    alerts,
  };
}

export async function setBudget(
  db: Db,
  account: AccountRef,
  input: { amountPt: bigint; hardStop: boolean },
): Promise<BudgetView> {
  if (input.amountPt <= 0n || input.amountPt > MAX_BUDGET_PT)
    throw new AppError("validation_failed", undefined, [
      { path: "amountPt", message: "A whole number of PT, at least 1." },
    ]);
  const { id: accountId } = await ensureAccount(db, account);
  return db.budget.upsert({
    where: { accountId },
    create: { accountId, amountPt: input.amountPt, hardStop: input.hardStop },
    update: { amountPt: input.amountPt, hardStop: input.hardStop },
    select: { amountPt: true, hardStop: true, updatedAt: true },
  });
}

/** Removes the account's budget (its alerts of past months stay). Removing none is fine. */
export async function removeBudget(db: Db, account: AccountRef): Promise<void> {
  const accountId = await findAccountId(db, account);
  if (accountId) await db.budget.deleteMany({ where: { accountId } });
}
