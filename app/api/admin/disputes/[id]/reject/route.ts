// POST /api/admin/disputes/:id/reject { note } — closes the dispute without a refund.
import { rejectDispute } from "@/lib/disputes/resolve-dispute";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { DisputeParams, RejectRequest } from "../../schema";

export const POST = withAdmin({ body: RejectRequest }, async ({ params, body, principal, requestId, db }) => {
  const { id } = parseWith(DisputeParams, params);
  return rejectDispute(db, { userId: principal.userId, requestId }, { id, note: body.note });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
