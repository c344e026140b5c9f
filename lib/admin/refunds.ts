// Admin refunds of a payment: the billing refund service asks Stripe (idempotency key from the
// form, so a double submit refunds once); the ledger follows via the charge.refunded webhook.
// Stripe is outside our transaction, so the audit row records the refund once Stripe accepted it.

import type { z } from "zod";
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import { filterEnum, filterUuid, listQuery, pageOf, paging } from "@/lib/admin/list-query";
import { refundPayment } from "@/lib/billing/refund";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { isCurrency, parseMinor } from "@/lib/money/currency";

/** GET /api/admin/refunds and /admin/refunds: payments, sortable and filterable. */
export const PaymentsListQuery = listQuery({
  sorts: ["createdAt", "amountMinor", "pt", "refundedMinor", "kind"],
  defaultSort: "createdAt",
  defaultDir: "desc",
  filters: {
    userId: filterUuid,
    refunded: filterEnum(["refunded", "not-refunded"]),
    kind: filterEnum(["topup", "subscription"]),
  },
});
export type PaymentsList = z.output<typeof PaymentsListQuery>;

export async function listPayments(db: Db, query: PaymentsList) {
  const where: Prisma.PaymentWhereInput = {
    ...(query.userId ? { userId: query.userId } : {}),
    ...(query.refunded === "refunded" ? { refundedMinor: { gt: 0 } } : {}),
    ...(query.refunded === "not-refunded" ? { refundedMinor: 0 } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
  };
  const [items, total] = await Promise.all([
    db.payment.findMany({
      where,
      orderBy: [{ [query.sort]: query.dir }, { id: query.dir }],
      ...paging(query),
    }),
    db.payment.count({ where }),
  ]);
  return pageOf(query, items, total);
}

export async function refundAsAdmin(
  db: PrismaClient,
  actor: Actor,
  input: { paymentId: string; amount?: string; amountMinor?: bigint; key: string; reason?: string },
) {
  const before = await db.payment.findUnique({
    where: { id: input.paymentId },
    select: { amountMinor: true, refundedMinor: true, refundedPt: true, currency: true },
  });
  const result = await refundPayment(db, {
    paymentId: input.paymentId,
    amountMinor: input.amount === undefined ? input.amountMinor : minorOf(input.amount, before?.currency),
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

/** "12.50" in the payment's currency → 1250n, exactly (more decimals than the currency has: 400). */
function minorOf(amount: string, currency: string | undefined): bigint {
  const code = (currency ?? "").toUpperCase();
  if (!isCurrency(code)) throw new AppError("not_found", "No such payment.");
  const minor = parseMinor(amount, code);
  if (minor <= 0n) throw new AppError("bad_request", "The refund amount must be more than zero.");
  return minor;
}
