// Admin refunds of a payment: the billing refund service asks Stripe (idempotency key from the
// form, so a double submit refunds once); the ledger follows via the charge.refunded webhook.
// Stripe is outside our transaction, so the audit row records the refund once Stripe accepted it.
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import { refundPayment } from "@/lib/billing/refund";
import type { Db } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export async function listPayments(
  db: Db,
  filter: { userId?: string; refunded?: boolean; cursor?: string; limit?: number },
) {
  const limit = Math.min(filter.limit ?? 50, 200);
  const rows = await db.payment.findMany({
    where: {
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(filter.refunded === true ? { refundedMinor: { gt: 0 } } : {}),
      ...(filter.refunded === false ? { refundedMinor: 0 } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

export async function refundAsAdmin(
  db: PrismaClient,
  actor: Actor,
  input: { paymentId: string; amountMinor?: bigint; key: string; reason?: string },
) {
  const before = await db.payment.findUnique({
    where: { id: input.paymentId },
    select: { amountMinor: true, refundedMinor: true, refundedPt: true },
  });
  const result = await refundPayment(db, {
    paymentId: input.paymentId,
    amountMinor: input.amountMinor,
    idempotencyKey: `admin-refund:${input.key}`,
    actor: actor.userId,
    reason: "requested_by_customer",
  });
  await writeAudit(db, actor, {
    action: "payment.refund",
    targetType: "payment",
    targetId: input.paymentId,
    before,
    after: {
      refundId: result.refundId,
      amountMinor: result.amountMinor,
      status: result.status,
      reason: input.reason,
    },
  });
  return result;
}
