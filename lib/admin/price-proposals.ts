// Admin decisions on the price sync's sale-price proposals: one transaction decides the proposal,
// adds the approved row and writes the audit entry.
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { decideProposal } from "@/lib/pricing/sync/proposals";

export async function decideProposalAsAdmin(
  db: PrismaClient,
  actor: Actor,
  input: { id: string; decision: "approve" | "reject" },
) {
  return db.$transaction(async (tx) => {
    const result = await decideProposal(tx, { ...input, decidedBy: actor.userId });
    await writeAudit(tx, actor, {
      action: `price.proposal.${input.decision}`,
      targetType: "price_proposal",
      targetId: input.id,
      before: { status: "pending", model: result.proposal.model },
      after: { status: input.decision === "approve" ? "approved" : "rejected", price: result.price },
    });
    return {
      id: input.id,
      status: input.decision === "approve" ? "approved" : "rejected",
      price: result.price,
    };
  });
}
