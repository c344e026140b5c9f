// PT an account spent since a moment, whichever surface spent it (a chat turn, an API request):
// what its holds placed since then settled for, plus what its still-open holds reserve; released
// and expired holds count nothing. The daily PT cap reads it, so the cap is per account. Led by
// the (accountId, createdAt) index on LedgerHold: one account's holds of the day.
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AccountRef } from "@/lib/ledger/common";
import { ownerOf } from "@/lib/ledger/common";

/** One row, one column (spent); also a CTE body, so admission reads it in its own statement. */
export function spentSinceSql(account: AccountRef, since: Date): Prisma.Sql {
  const { type, ownerId } = ownerOf(account);
  return Prisma.sql`
    SELECT coalesce(sum(CASE h.status WHEN 'open' THEN h.amount WHEN 'settled' THEN h.charged ELSE 0 END), 0)::bigint
           AS spent
    FROM "LedgerHold" h
    WHERE h."accountId" = (
        SELECT a.id FROM "LedgerAccount" a WHERE a.type = ${type}::"LedgerAccountType" AND a."ownerId" = ${ownerId})
      AND h."createdAt" >= ${since}::timestamptz`;
}

export async function spentSince(db: Db, account: AccountRef, since: Date): Promise<bigint> {
  const [row] = await db.$queryRaw<{ spent: bigint }[]>(spentSinceSql(account, since));
  return row?.spent ?? 0n;
}
