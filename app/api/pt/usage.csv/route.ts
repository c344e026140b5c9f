// GET /api/pt/usage.csv: the signed-in user's usage per UTC day and model as an RFC 4180 CSV.

import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { recentUsage, usageCsv, usageForMonth } from "@/lib/ledger/usage-summary";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { UsageCsvQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withUser(
  { query: UsageCsvQuery, rateLimit: RATE_LIMIT_POLICIES.api },
  async ({ principal, query, db }) => {
    const account = { kind: "user", userId: principal.userId } as const;
    const months = query.month
      ? [await usageForMonth(db, { account, month: query.month })]
      : Object.values(await recentUsage(db, { account }));
    return new Response(usageCsv(months), {
      status: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": `attachment; filename="pt-usage${query.month ? `-${query.month}` : ""}.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
