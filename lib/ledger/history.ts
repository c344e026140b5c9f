// The statement of one user's account: its entries newest first, with the transaction kind, the
// balance after each entry and, for usage, the model and token counts. Cursor pagination on the
// entry id: per account, entries are inserted under the account row lock, so id order is commit
// order and a page never skips or repeats an entry.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findAccountId } from "@/lib/ledger/accounts";
import type { AccountRef } from "@/lib/ledger/common";
import { isEntryCursor } from "@/lib/ledger/cursor";
import { entryKind } from "@/lib/ledger/entry-kind";

export type StatementLine = {
  id: string;
  at: Date;
  /** What the entry is, distinct and named for people (lib/ledger/entry-kind.ts). */
  kind: string;
  amount: bigint;
  balanceAfter: bigint | null;
  transactionId: string;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  source: string | null;
};

export const MAX_PAGE = 200;

export async function listEntries(
  db: Db,
  input: { account: AccountRef; cursor?: string | null; limit?: number },
): Promise<{ items: StatementLine[]; nextCursor: string | null }> {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new AppError("bad_request", `limit must be between 1 and ${MAX_PAGE}.`);
  }
  if (input.cursor != null && !isEntryCursor(input.cursor))
    throw new AppError("bad_request", "Invalid cursor.");
  const accountId = await findAccountId(db, input.account);
  if (!accountId) return { items: [], nextCursor: null };
  const cursor = input.cursor ? BigInt(input.cursor) : null;
  type Row = Omit<StatementLine, "id"> & { id: bigint; adjustment: string | null; disputeId: string | null };
  const rows = await db.$queryRaw<Row[]>`
    SELECT e.id, e."createdAt" AS at, t.kind::text AS kind, e.amount, e."balanceAfter",
           t.metadata->>'adjustment' AS adjustment, t.metadata->>'disputeId' AS "disputeId",
           t.id::text AS "transactionId", t.metadata->>'model' AS model,
           CASE WHEN t.metadata->>'inputTokens' ~ '^[0-9]{1,9}$' THEN (t.metadata->>'inputTokens')::int END AS "inputTokens",
           CASE WHEN t.metadata->>'outputTokens' ~ '^[0-9]{1,9}$' THEN (t.metadata->>'outputTokens')::int END AS "outputTokens",
           t.metadata->>'source' AS source
    FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
    WHERE e."accountId" = ${accountId}::uuid
      -- One range on the (accountId, id) index for any cursor: a prepared statement's generic plan
      -- cannot bound the index by "cursor IS NULL OR id < cursor", so deep pages scanned from the top.
      AND e.id < coalesce(${cursor}::bigint, 9223372036854775807)
    ORDER BY e.id DESC LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit).map(({ adjustment, disputeId, ...r }) => ({
    ...r,
    id: r.id.toString(),
    kind: entryKind({
      ledgerKind: r.kind,
      amount: r.amount,
      source: r.source,
      adjustment: adjustment === "true",
      disputeId,
    }),
  }));
  const nextCursor = rows.length > limit ? (page.at(-1)?.id ?? null) : null;
  return { items: page, nextCursor };
}

const CSV_HEADER = [
  "date",
  "kind",
  "amount_pt",
  "balance_after_pt",
  "model",
  "input_tokens",
  "output_tokens",
  "transaction_id",
];

/** One CSV field per RFC 4180, with spreadsheet formula injection neutralised for text cells. */
export function csvField(value: string | number | bigint | null, { text = true } = {}): string {
  if (value === null) return "";
  let s = String(value);
  // A text cell starting with = + - @ (or a tab/CR) would run as a formula in Excel/Sheets.
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(line: StatementLine): string {
  return [
    csvField(line.at.toISOString()),
    csvField(line.kind),
    csvField(line.amount, { text: false }),
    csvField(line.balanceAfter, { text: false }),
    csvField(line.model),
    csvField(line.inputTokens, { text: false }),
    csvField(line.outputTokens, { text: false }),
    csvField(line.transactionId),
  ].join(",");
}

/** The whole statement as CSV (CRLF line ends per RFC 4180), newest first, up to maxRows lines. */
export async function statementCsv(db: Db, account: AccountRef, maxRows = 100_000): Promise<string> {
  const lines = [CSV_HEADER.join(",")];
  let cursor: string | null = null;
  while (lines.length <= maxRows) {
    const page: Awaited<ReturnType<typeof listEntries>> = await listEntries(db, {
      account,
      cursor,
      limit: MAX_PAGE,
    });
    for (const item of page.items) lines.push(csvLine(item));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return `${lines.join("\r\n")}\r\n`;
}
