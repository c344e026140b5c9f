// GET /api/admin/reconciliation?withErrors=&cursor= — reconciliation runs, newest first.
import { listRuns } from "@/lib/admin/reconciliation";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { RunsQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: RunsQuery }, async ({ query, db }) => listRuns(db, query));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
