// GET /api/pt/ledger?cursor=: the signed-in user's own statement, newest first, paginated.

import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { listEntries } from "@/lib/ledger/history";
import { LedgerQuery, LedgerResponse } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withUser({ query: LedgerQuery }, async ({ principal, query, db }) => {
  const page = await listEntries(db, {
    account: { kind: "user", userId: principal.userId },
    cursor: query.cursor,
    limit: query.limit,
  });
  return LedgerResponse.parse({
    items: page.items.map((i) => ({
      id: i.id,
      at: i.at.toISOString(),
      kind: i.kind,
      amount: i.amount.toString(),
      balanceAfter: i.balanceAfter?.toString() ?? null,
      transactionId: i.transactionId,
      model: i.model,
      inputTokens: i.inputTokens,
      outputTokens: i.outputTokens,
    })),
    nextCursor: page.nextCursor,
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
