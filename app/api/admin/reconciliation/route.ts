// GET /api/admin/reconciliation?withErrors=&cursor= — reconciliation runs, newest first.
import { listRuns } from "@/lib/admin/reconciliation";
import { getDb } from "@/lib/db";
import { withAdmin } from "@/lib/http/wrappers";
import { RunsQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: RunsQuery }, async ({ query }) => listRuns(await getDb(), query));
