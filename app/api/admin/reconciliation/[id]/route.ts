// GET /api/admin/reconciliation/:id?severity= — one run with its issues.
import { runWithIssues } from "@/lib/admin/reconciliation";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { RunParams, RunQuery } from "../schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: RunQuery }, async ({ params, query, db }) => {
  const { id } = parseWith(RunParams, params);
  return runWithIssues(db, id, query.severity);
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
