// The ledger's invariant checker: every violation found, never just the first. Used by the nightly
// reconciliation and after every step of the property tests. Errors are money bugs; warnings are
// lag (an open hold the sweeper has not reached yet).
import type { Db } from "@/lib/db";

export type Violation = {
  kind: string;
  severity: "error" | "warning";
  message: string;
  refs: Record<string, string>;
};

type Check = (db: Db, now: Date) => Promise<Violation[]>;

const unbalanced: Check = async (db) => {
  const rows = await db.$queryRaw<{ id: string; total: string }[]>`
    SELECT "transactionId"::text AS id, sum(amount)::text AS total FROM "LedgerEntry"
    GROUP BY "transactionId" HAVING sum(amount) <> 0`;
  return rows.map((r) => ({
    kind: "transaction_unbalanced",
    severity: "error",
    message: `transaction ${r.id} sums to ${r.total}, not 0`,
    refs: { transactionId: r.id, sum: r.total },
  }));
};

// An entry-less transaction moves nothing and explains nothing (a settle of 0 PT posts none).
const empty: Check = async (db) => {
  const rows = await db.$queryRaw<{ id: string; kind: string }[]>`
    SELECT t.id::text AS id, t.kind::text AS kind FROM "LedgerTransaction" t
    WHERE NOT EXISTS (SELECT 1 FROM "LedgerEntry" e WHERE e."transactionId" = t.id)`;
  return rows.map((r) => ({
    kind: "transaction_without_entries",
    severity: "error",
    message: `transaction ${r.id} (${r.kind}) has no entries`,
    refs: { transactionId: r.id },
  }));
};

const projections: Check = async (db) => {
  const rows = await db.$queryRaw<
    {
      id: string;
      posted: string;
      entries: string;
      pending: string;
      holds: string;
      grants: string;
      type: string;
    }[]
  >`
    SELECT a.id::text AS id, a.type::text AS type, a.posted::text AS posted,
      coalesce((SELECT sum(e.amount) FROM "LedgerEntry" e WHERE e."accountId" = a.id), 0)::text AS entries,
      a.pending::text AS pending,
      coalesce((SELECT sum(h.amount) FROM "LedgerHold" h WHERE h."accountId" = a.id AND h.status = 'open'), 0)::text AS holds,
      coalesce((SELECT sum(g.remaining) FROM "LedgerGrant" g WHERE g."accountId" = a.id), 0)::text AS grants
    FROM "LedgerAccount" a`;
  const out: Violation[] = [];
  for (const r of rows) {
    const refs = { accountId: r.id };
    if (r.type === "system") {
      if (r.posted !== "0" || r.pending !== "0" || r.holds !== "0" || r.grants !== "0") {
        out.push({
          kind: "system_projection",
          severity: "error",
          message: `system account ${r.id} carries a projection, holds or grants`,
          refs,
        });
      }
      continue;
    }
    if (r.posted !== r.entries) {
      out.push({
        kind: "posted_mismatch",
        severity: "error",
        message: `account ${r.id}: posted ${r.posted} but entries sum to ${r.entries}`,
        refs,
      });
    }
    if (r.pending !== r.holds) {
      out.push({
        kind: "pending_mismatch",
        severity: "error",
        message: `account ${r.id}: pending ${r.pending} but open holds sum to ${r.holds}`,
        refs,
      });
    }
    if (r.posted !== r.grants) {
      out.push({
        kind: "grants_mismatch",
        severity: "error",
        message: `account ${r.id}: posted ${r.posted} but grants hold ${r.grants}`,
        refs,
      });
    }
    if (BigInt(r.posted) - BigInt(r.pending) < 0n || BigInt(r.pending) < 0n) {
      out.push({
        kind: "negative_available",
        severity: "error",
        message: `account ${r.id}: posted ${r.posted} < pending ${r.pending}`,
        refs,
      });
    }
  }
  return out;
};

const grants: Check = async (db) => {
  const rows = await db.$queryRaw<{ id: string; amount: string; remaining: string; drawn: string }[]>`
    SELECT g.id::text AS id, g.amount::text AS amount, g.remaining::text AS remaining,
      coalesce((SELECT sum(d.amount) FROM "LedgerGrantDraw" d WHERE d."grantId" = g.id), 0)::text AS drawn
    FROM "LedgerGrant" g
    WHERE g.remaining < 0 OR g.remaining > g.amount
       OR g.remaining <> g.amount - coalesce((SELECT sum(d.amount) FROM "LedgerGrantDraw" d WHERE d."grantId" = g.id), 0)`;
  return rows.map((r) => ({
    kind: BigInt(r.remaining) < 0n ? "grant_negative" : "grant_draws_mismatch",
    severity: "error",
    message: `grant ${r.id}: amount ${r.amount}, drawn ${r.drawn}, remaining ${r.remaining}`,
    refs: { grantId: r.id },
  }));
};

// Each user/guest entry must be explained by grants: what a transaction adds to an account equals
// the grants it created there minus the draws it made on that account's grants.
const entriesMatchGrants: Check = async (db) => {
  const rows = await db.$queryRaw<{ tx: string; account: string; entries: string; grants: string }[]>`
    WITH e AS (
      SELECT e."transactionId" AS tx, e."accountId" AS account, sum(e.amount) AS pt
      FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a.id = e."accountId" AND a.type <> 'system'
      GROUP BY 1, 2),
    g AS (
      SELECT tx, account, sum(pt) AS pt FROM (
        SELECT "transactionId" AS tx, "accountId" AS account, amount AS pt FROM "LedgerGrant"
        UNION ALL
        SELECT d."transactionId", g."accountId", -d.amount FROM "LedgerGrantDraw" d JOIN "LedgerGrant" g ON g.id = d."grantId"
      ) x GROUP BY 1, 2)
    SELECT coalesce(e.tx, g.tx)::text AS tx, coalesce(e.account, g.account)::text AS account,
           coalesce(e.pt, 0)::text AS entries, coalesce(g.pt, 0)::text AS grants
    FROM e FULL JOIN g ON g.tx = e.tx AND g.account = e.account
    WHERE coalesce(e.pt, 0) <> coalesce(g.pt, 0)`;
  return rows.map((r) => ({
    kind: "entries_grants_mismatch",
    severity: "error",
    message: `transaction ${r.tx} moves ${r.entries} on account ${r.account} but its grants/draws move ${r.grants}`,
    refs: { transactionId: r.tx, accountId: r.account },
  }));
};

const holds: Check = async (db, now) => {
  const rows = await db.$queryRaw<{ id: string; status: string; problem: string }[]>`
    SELECT h.id::text AS id, h.status::text AS status,
      CASE WHEN h.status = 'open' THEN 'stale'
           WHEN h.status = 'settled' AND (h.charged IS NULL OR (t.id IS NULL AND h.charged <> 0)
                                          OR t.kind <> 'usage') THEN 'settled_without_usage'
           ELSE 'closed_with_charge' END AS problem
    FROM "LedgerHold" h LEFT JOIN "LedgerTransaction" t ON t.id = h."transactionId"
    WHERE (h.status = 'open' AND h."expiresAt" <= ${now}::timestamptz)
       OR (h.status = 'settled' AND (h.charged IS NULL OR (t.id IS NULL AND h.charged <> 0)
                                     OR t.kind <> 'usage'))
       OR (h.status IN ('released', 'expired') AND (h.charged IS NOT NULL OR h."transactionId" IS NOT NULL))`;
  return rows.map((r) => ({
    kind: r.problem === "stale" ? "hold_past_expiry" : `hold_${r.problem}`,
    severity: r.problem === "stale" ? "warning" : "error",
    message:
      r.problem === "stale"
        ? `hold ${r.id} is open past its expiry (sweeper lag)`
        : `hold ${r.id} (${r.status}): ${r.problem}`,
    refs: { holdId: r.id },
  }));
};

// Settled usage: the user's entries in a settle transaction equal minus the hold's charge.
const usageMatchesHolds: Check = async (db) => {
  const rows = await db.$queryRaw<{ id: string; charged: string; posted: string }[]>`
    SELECT h.id::text AS id, h.charged::text AS charged,
      coalesce((SELECT -sum(e.amount) FROM "LedgerEntry" e
                WHERE e."transactionId" = h."transactionId" AND e."accountId" = h."accountId"), 0)::text AS posted
    FROM "LedgerHold" h WHERE h.status = 'settled'
      AND h.charged <> coalesce((SELECT -sum(e.amount) FROM "LedgerEntry" e
                                 WHERE e."transactionId" = h."transactionId" AND e."accountId" = h."accountId"), 0)`;
  return rows.map((r) => ({
    kind: "usage_mismatch",
    severity: "error",
    message: `hold ${r.id} charged ${r.charged} but its usage entry posts ${r.posted}`,
    refs: { holdId: r.id },
  }));
};

const debt: Check = async (db) => {
  const rows = await db.$queryRaw<{ users: string; ledger: string }[]>`
    SELECT coalesce((SELECT sum(debt) FROM "LedgerAccount" WHERE type <> 'system'), 0)::text AS users,
      coalesce((SELECT -sum(e.amount) FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a.id = e."accountId"
                WHERE a.code = 'debt'), 0)::text AS ledger`;
  const r = rows[0];
  if (!r || r.users === r.ledger) return [];
  return [
    {
      kind: "debt_mismatch",
      severity: "error",
      message: `accounts owe ${r.users} PT but the debt account records ${r.ledger}`,
      refs: {},
    },
  ];
};

const CHECKS: Check[] = [
  unbalanced,
  empty,
  projections,
  grants,
  entriesMatchGrants,
  holds,
  usageMatchesHolds,
  debt,
];

/** Every invariant violation in the ledger right now. Empty means the books are exact. */
export async function checkLedgerInvariants(db: Db, options: { now?: Date } = {}): Promise<Violation[]> {
  const now = options.now ?? new Date();
  const out: Violation[] = [];
  // Sequential on purpose: a transaction client runs one query at a time anyway.
  for (const check of CHECKS) out.push(...(await check(db, now)));
  return out;
}
