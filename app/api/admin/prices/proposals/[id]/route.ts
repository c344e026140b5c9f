// POST /api/admin/prices/proposals/:id { decision: "approve" | "reject" } — decides a sale-price
// proposal of the price sync, once (a second decision answers 409).
import { decideProposalAsAdmin } from "@/lib/admin/price-proposals";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { DecisionRequest, ProposalParams } from "../../schema";

export const dynamic = "force-dynamic";

export const POST = withAdmin(
  { body: DecisionRequest },
  async ({ params, body, principal, requestId, db }) => {
    const { id } = parseWith(ProposalParams, params);
    return decideProposalAsAdmin(
      db,
      { userId: principal.userId, requestId },
      { id, decision: body.decision },
    );
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
