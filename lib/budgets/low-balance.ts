// Low-balance alert settings of a paying ledger account (a user's account today). Off until the
// owner sets a threshold: no plan-based default, since what is "low" depends on how a person uses
// the app and an unasked-for mail at every dip would train people to ignore it. Setting a threshold
// (again) re-arms the alert; the settlement does the rest (low-balance-sql.ts).
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ensureAccount, findAccountId } from "@/lib/ledger/accounts";
import type { AccountRef } from "@/lib/ledger/common";
import { MAX_BUDGET_PT } from "./budgets";

export type LowBalanceView = {
  /** null: off. */
  thresholdPt: bigint | null;
  /** When it last fired (null: never since set). */
  firedAt: Date | null;
};

export async function lowBalanceSetting(db: Db, account: AccountRef): Promise<LowBalanceView> {
  const accountId = await findAccountId(db, account);
  const row = accountId
    ? await db.lowBalanceAlert.findUnique({
        where: { accountId },
        select: { thresholdPt: true, firedAt: true, firedMark: true },
      })
    : null;
  if (!row) return { thresholdPt: null, firedAt: null };
  return { thresholdPt: row.thresholdPt, firedAt: row.firedMark === null ? null : row.firedAt };
}

export async function setLowBalance(
  db: Db,
  account: AccountRef,
  input: { thresholdPt: bigint },
): Promise<LowBalanceView> {
  if (input.thresholdPt <= 0n || input.thresholdPt > MAX_BUDGET_PT)
    throw new AppError("validation_failed", undefined, [
      { path: "thresholdPt", message: "A whole number of PT, at least 1." },
    ]);
  const { id: accountId } = await ensureAccount(db, account);
  const armed = { thresholdPt: input.thresholdPt, firedMark: null, firedAt: null };
  await db.lowBalanceAlert.upsert({ where: { accountId }, create: { accountId, ...armed }, update: armed });
  return { thresholdPt: input.thresholdPt, firedAt: null };
}

/** Turns the alert off (off already is fine). */
export async function removeLowBalance(db: Db, account: AccountRef): Promise<void> {
  const accountId = await findAccountId(db, account);
  if (accountId) await db.lowBalanceAlert.deleteMany({ where: { accountId } });
}
