// A credit (one grant) inside a caller's single SQL statement: the treatment reserve got for chat
// admission, for credits that arrive with their own exactly-once key (a webhook's event row, say).
// The statement locks the user's account row, lets the caller's gate decide, inserts the ledger
// transaction under its idempotency key, then the grant, the debt repayment, the projection update
// and the balanced entries. Same invariants as grantCredits (grants.ts), which stays the general
// path: a key already used, a missing account or a failed gate writes nothing here, and the caller
// falls back to grantCredits (which also explains conflicts).
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { systemAccountId } from "@/lib/ledger/accounts";
import type { GrantSourceName } from "@/lib/ledger/common";
import { assertKey, assertPt, jsonParam } from "@/lib/ledger/common";
import { counterpartyOf, DEFAULT_KIND, GRANT_PRIORITY } from "@/lib/ledger/grants";

export type ComposedGrantInput = {
  /** The owning user's id as a SQL expression (e.g. a subquery on the caller's CTEs). */
  userIdSql: Prisma.Sql;
  amount: bigint;
  source: GrantSourceName;
  expiresAt?: Date | null;
  key: string;
  actor?: string;
  metadata?: Record<string, unknown>;
};

/**
 * The caller's parts of the statement:
 *  - before: CTE definitions ahead of the ledger's (reads; the account lock comes after them);
 *  - gate: CTE definitions after `acct` (the locked account: id, posted, debt) that must define
 *    `go`; the credit happens only when `go` has a row (a caller's exactly-once insert goes here);
 *  - alongside: CTE definitions after the credit's, which may read `tx` and `grant_row` (id);
 *  - columns: the caller's output columns.
 */
export type GrantComposition = {
  before?: Prisma.Sql;
  gate: Prisma.Sql;
  alongside?: Prisma.Sql;
  columns?: Prisma.Sql;
};

export type ComposedGrant = { transactionId: string; grantId: string } | null;

export async function grantComposed<Row extends object = object>(
  db: Db,
  input: ComposedGrantInput,
  compose: GrantComposition,
): Promise<{ grant: ComposedGrant; row: Row }> {
  const amount = assertPt(input.amount, "amount");
  const key = assertKey(input.key);
  const kind = DEFAULT_KIND[input.source];
  const [counterparty, debtId] = await Promise.all([
    systemAccountId(db, counterpartyOf(kind)),
    systemAccountId(db, "debt"),
  ]);
  const meta = jsonParam({ ...input.metadata, source: input.source });
  const rows = await db.$queryRaw<(Row & { transactionId: string | null; grantId: string | null })[]>`
    WITH ${compose.before ? Prisma.sql`${compose.before},` : Prisma.empty}
    acct AS (
      SELECT a.id, a.posted, a.debt, LEAST(${amount}::bigint, a.debt) AS repay FROM "LedgerAccount" a
      WHERE a.type = 'user' AND a."ownerId" = ${input.userIdSql} FOR UPDATE),
    ${compose.gate},
    tx AS (
      INSERT INTO "LedgerTransaction" (id, kind, "idempotencyKey", actor, metadata)
      SELECT ${randomUUID()}::uuid, ${kind}::"LedgerKind", ${key}, ${input.actor ?? null}, ${meta}::jsonb
      FROM acct WHERE EXISTS (SELECT 1 FROM go)
      ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING id),
    grant_row AS (
      INSERT INTO "LedgerGrant" (id, "accountId", "transactionId", source, priority, amount, remaining, "expiresAt")
      SELECT ${randomUUID()}::uuid, acct.id, tx.id, ${input.source}::"GrantSource", ${GRANT_PRIORITY[input.source]},
             ${amount}, ${amount}::bigint - acct.repay, ${input.expiresAt ?? null}::timestamptz
      FROM acct, tx RETURNING id),
    repaid AS (
      INSERT INTO "LedgerGrantDraw" ("grantId", "transactionId", amount)
      SELECT grant_row.id, tx.id, acct.repay FROM grant_row, tx, acct WHERE acct.repay > 0),
    projection AS (
      UPDATE "LedgerAccount" a SET posted = a.posted + (${amount}::bigint - acct.repay), debt = a.debt - acct.repay
      FROM acct, tx WHERE a.id = acct.id RETURNING a.posted),
    entries AS (
      INSERT INTO "LedgerEntry" ("transactionId", "accountId", amount, "balanceAfter")
      SELECT tx.id, ${counterparty}::uuid, -${amount}::bigint, NULL FROM tx
      UNION ALL
      SELECT tx.id, acct.id, ${amount}::bigint - acct.repay, projection.posted FROM tx, acct, projection
      WHERE ${amount}::bigint - acct.repay <> 0
      UNION ALL
      SELECT tx.id, ${debtId}::uuid, acct.repay, NULL FROM tx, acct WHERE acct.repay <> 0)
    ${compose.alongside ? Prisma.sql`, ${compose.alongside}` : Prisma.empty}
    SELECT (SELECT id::text FROM tx) AS "transactionId", (SELECT id::text FROM grant_row) AS "grantId"
      ${compose.columns ? Prisma.sql`, ${compose.columns}` : Prisma.empty}`;
  const row = rows[0] as Row & { transactionId: string | null; grantId: string | null };
  const grant =
    row.transactionId && row.grantId ? { transactionId: row.transactionId, grantId: row.grantId } : null;
  return { grant, row };
}
