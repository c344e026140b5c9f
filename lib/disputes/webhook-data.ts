// What a dispute.created / dispute.resolved webhook says about a dispute (docs/webhooks.md).
import type { Dispute } from "@/lib/generated/prisma/client";

export function disputeEventData(d: Dispute): Record<string, unknown> {
  return {
    disputeId: d.id,
    itemType: d.itemType,
    itemId: d.itemId,
    reason: d.reason,
    status: d.status,
    amountPt: d.amountPt,
    amountMinor: d.amountMinor,
    currency: d.currency,
    createdAt: d.createdAt,
    resolvedAt: d.resolvedAt,
  };
}
