// GET /api/pt/ledger.csv: the signed-in user's statement as an RFC 4180 CSV download.

import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { statementCsv } from "@/lib/ledger/history";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { LedgerCsvQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withUser(
  { query: LedgerCsvQuery, rateLimit: RATE_LIMIT_POLICIES.api },
  async ({ principal, db }) => {
    const csv = await statementCsv(db, { kind: "user", userId: principal.userId });
    return new Response(csv, {
      status: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": 'attachment; filename="pt-ledger.csv"',
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
