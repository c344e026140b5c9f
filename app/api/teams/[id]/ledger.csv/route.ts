// GET /api/teams/:id/ledger.csv: the team pool's statement as an RFC 4180 CSV download (owners and
// admins with the billing permission; other members 403, outsiders 404).
import { TeamParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { teamLedgerCsv } from "@/lib/teams/reports";

export const dynamic = "force-dynamic";

export const GET = withUser(
  { params: TeamParams, flag: "teams", rateLimit: RATE_LIMIT_POLICIES.api },
  async ({ principal, params, db }) => {
    const csv = await teamLedgerCsv(db, { teamId: params.id, userId: principal.userId });
    return new Response(csv, {
      status: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": 'attachment; filename="team-ledger.csv"',
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
