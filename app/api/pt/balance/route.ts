// GET /api/pt/balance: the signed-in user's own PT balance (no id in the URL: ownership by session).

import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { getBalance } from "@/lib/ledger/accounts";
import { BalanceResponse } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withUser({}, async ({ principal, db }) => {
  const balance = await getBalance(db, { kind: "user", userId: principal.userId });
  return BalanceResponse.parse({
    available: balance.available.toString(),
    posted: balance.posted.toString(),
    pending: balance.pending.toString(),
    debt: balance.debt.toString(),
    grants: balance.grants.map((g) => ({
      source: g.source,
      remaining: g.remaining.toString(),
      expiresAt: g.expiresAt?.toISOString() ?? null,
    })),
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
