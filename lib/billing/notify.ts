// Billing's outgoing notifications, in one place. For now each writes one structured log line;
// at merge these call enqueueEmail(db, { to, template, data, userId, dedupeKey }) from
// lib/email/enqueue.ts inside the caller's transaction, so a notification is queued exactly when
// its effect commits (dedupeKey makes a retried effect notify once).
import type { Db } from "@/lib/billing/db-types";
import { logger } from "@/lib/logger";

export type AdminAlert =
  | "payment_failed"
  | "dispute_opened"
  | "dispute_lost"
  | "webhook_dead"
  | "amount_mismatch"
  | "refund_debt";

async function emailOf(db: Db, userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  return user?.email ?? null;
}

export async function notifyPaymentFailed(
  db: Db,
  input: { userId: string; invoiceId: string; attempt: number; amountMinor: bigint; currency: string },
): Promise<void> {
  const to = await emailOf(db, input.userId);
  logger.info(
    {
      notify: "email",
      template: "billing.payment_failed",
      to,
      userId: input.userId,
      dedupeKey: `payment_failed:${input.invoiceId}:${input.attempt}`,
      data: {
        invoiceId: input.invoiceId,
        amountMinor: input.amountMinor.toString(),
        currency: input.currency,
      },
    },
    "billing notification",
  );
}

export async function notifyPurchaseCompleted(
  db: Db,
  input: { userId: string; sourceId: string; pt: bigint; description: string },
): Promise<void> {
  const to = await emailOf(db, input.userId);
  logger.info(
    {
      notify: "email",
      template: "billing.purchase_completed",
      to,
      userId: input.userId,
      dedupeKey: `purchase:${input.sourceId}`,
      data: { pt: input.pt.toString(), description: input.description },
    },
    "billing notification",
  );
}

export async function notifyAdmins(
  _db: Db,
  input: { alert: AdminAlert; dedupeKey: string; data: Record<string, unknown> },
): Promise<void> {
  logger.warn(
    { notify: "admins", template: `admin.${input.alert}`, dedupeKey: input.dedupeKey, data: input.data },
    "billing admin alert",
  );
}
