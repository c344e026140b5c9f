// POST /api/admin/disputes/:id/approve { note? } — refund credit or Stripe refund, once.
import { approveDispute } from "@/lib/disputes/resolve-dispute";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { ApproveRequest, DisputeParams } from "../../schema";

export const POST = withAdmin(
  { body: ApproveRequest },
  async ({ params, body, principal, requestId, db }) => {
    const { id } = parseWith(DisputeParams, params);
    return approveDispute(db, { userId: principal.userId, requestId }, { id, note: body.note });
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
