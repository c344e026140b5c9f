// API key counters against the ledger. Admission and settlement move a key's counters in the same
// statement as its holds (lib/api/admit.ts, settle.ts; the hold sweeper too), so for every key:
// spentPt = the charges of its settled holds, reservedPt = the amounts of its open holds. One
// statement reads both sides from one snapshot, so live traffic cannot make a false mismatch.
// A mismatch is an error: a key's budget is enforced on these counters.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Issue, ReconDb } from "@/lib/reconciliation/types";

type Row = {
  keyId: string;
  userId: string;
  spentPt: bigint;
  reservedPt: bigint;
  settled: bigint;
  open: bigint;
};

export type ApiKeyCheck = { checked: number; mismatched: number; issues: Issue[] };

export async function checkApiKeyCounters(db: ReconDb): Promise<ApiKeyCheck> {
  const rows = await db.$queryRaw<(Row & { keys: number })[]>(Prisma.sql`
    WITH held AS (
      SELECT (h.metadata->>'keyId')::uuid AS "keyId",
             coalesce(sum(h.charged) FILTER (WHERE h.status = 'settled'), 0)::bigint AS settled,
             coalesce(sum(h.amount) FILTER (WHERE h.status = 'open'), 0)::bigint AS open
      FROM "LedgerHold" h
      WHERE h.key LIKE 'api:%' AND h.metadata->>'keyId' ~ '^[0-9a-f-]{36}$'
      GROUP BY 1),
    compared AS (
      SELECT k.id::text AS "keyId", k."userId"::text AS "userId", k."spentPt", k."reservedPt",
             coalesce(held.settled, 0)::bigint AS settled, coalesce(held.open, 0)::bigint AS open
      FROM "ApiKey" k LEFT JOIN held ON held."keyId" = k.id)
    SELECT c.*, (SELECT count(*) FROM compared)::int AS keys FROM compared c
    WHERE c."spentPt" <> c.settled OR c."reservedPt" <> c.open
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, (SELECT count(*) FROM compared)::int
    ORDER BY 1 NULLS LAST`);
  const checked = rows.at(-1)?.keys ?? 0;
  const mismatches = rows.filter((r) => r.keyId !== null);
  const issues: Issue[] = [];
  for (const r of mismatches) {
    if (r.spentPt !== r.settled) issues.push(issue("spent", r, r.spentPt, r.settled));
    if (r.reservedPt !== r.open) issues.push(issue("reserved", r, r.reservedPt, r.open));
  }
  return { checked, mismatched: mismatches.length, issues };
}

function issue(counter: "spent" | "reserved", r: Row, ours: bigint, ledger: bigint): Issue {
  const what = counter === "spent" ? "settled charges" : "open holds";
  return {
    severity: "error",
    kind: `api_key_${counter}_mismatch`,
    message: `API key ${r.keyId}: ${counter} ${ours} PT, but its ${what} in the ledger sum to ${ledger} PT`,
    refs: {
      keyId: r.keyId,
      userId: r.userId,
      counter: ours.toString(),
      ledger: ledger.toString(),
      difference: (ours - ledger).toString(),
    },
  };
}

/** The issues alone (tests, ad-hoc checks). */
export async function apiKeyIssues(db: ReconDb): Promise<Issue[]> {
  return (await checkApiKeyCounters(db)).issues;
}
