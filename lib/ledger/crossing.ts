// Threshold crossings detected by a settlement (low-balance alerts, auto top-up): SQL fragments
// for CTEs that run inside the settle statement (settle.ts) and read its `acct` row, which that
// statement has already updated under the account row lock. A crossing fires once: the state row
// keeps the LedgerEntry id sequence's value when it fired ("firedMark"), and only a credit posted
// after that (an entry with a higher id, taken under the same account lock, so never mistaken for
// one the firing settle already saw) that brought the balance to the threshold re-arms it.
import { Prisma } from "@/lib/generated/prisma/client";

/** The account's available PT after the settlement (0 while it carries debt), as the API reports it. */
export const AVAILABLE_AFTER = Prisma.sql`(CASE WHEN acct.debt > 0 THEN 0 ELSE acct.posted - acct.pending END)`;

/**
 * True when the state row `alias` (columns "accountId", "thresholdPt", "firedMark") is armed: it
 * never fired, or a credit after its firing brought the posted balance to its threshold or above.
 */
export function armedSql(alias: string): Prisma.Sql {
  if (!/^[a-z_]+$/.test(alias)) throw new Error(`bad alias: ${alias}`);
  return Prisma.raw(`(${alias}."firedMark" IS NULL OR EXISTS (
    SELECT 1 FROM "LedgerEntry" e WHERE e."accountId" = ${alias}."accountId" AND e.id > ${alias}."firedMark"
      AND e.amount > 0 AND e."balanceAfter" >= ${alias}."thresholdPt"))`);
}

/**
 * The mark a firing stores. Read after the statement holds the account lock (a SET of the UPDATE
 * that fires, which runs after `acct`): every credit entry of the account allocated before is at or
 * below it and was already in the balance this settlement saw.
 */
export const FIRE_MARK = Prisma.sql`(SELECT last_value FROM "LedgerEntry_id_seq")`;
