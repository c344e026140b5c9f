// Billing's outgoing notifications, in one place. Each queues mail in the outbox with the
// caller's client, so inside a webhook effect's transaction a notice exists exactly when its
// effect commits; dedupe keys make a retried or replayed effect notify once.
import { appUrl } from "@/lib/app-url";
import type { Db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { notifyAdmins as emailAdmins } from "@/lib/email/notify-admins";
import { logger } from "@/lib/logger";
import { formatStoredMoney } from "@/lib/money/currency";
import { formatPt } from "@/lib/money/pt";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";

export type AdminAlert =
  | "payment_failed"
  | "dispute_opened"
  | "dispute_lost"
  | "webhook_dead"
  | "amount_mismatch"
  | "refund_debt";

const ALERT_SUBJECTS: Record<AdminAlert, string> = {
  payment_failed: "A subscription payment failed",
  dispute_opened: "A chargeback was opened: account frozen",
  dispute_lost: "A chargeback was lost: PT clawed back",
  webhook_dead: "A Stripe webhook is dead after its retries",
  amount_mismatch: "A payment did not match its checkout: held for review",
  refund_debt: "A refund left an account in debt",
};

const ALERT_PATHS: Record<AdminAlert, string> = {
  payment_failed: "/admin/users",
  dispute_opened: "/admin/disputes",
  dispute_lost: "/admin/disputes",
  webhook_dead: "/admin/webhooks",
  amount_mismatch: "/admin/webhooks",
  refund_debt: "/admin/users",
};

async function recipient(db: Db, userId: string): Promise<{ email: string; name: string | null } | null> {
  return db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
}

export async function notifyPaymentFailed(
  db: Db,
  input: { userId: string; invoiceId: string; attempt: number; amountMinor: bigint; currency: string },
): Promise<void> {
  await emitWebhookEvent(db, {
    type: "payment.failed",
    userId: input.userId,
    key: `${input.invoiceId}:${input.attempt}`,
    data: {
      invoiceId: input.invoiceId,
      attempt: input.attempt,
      amountMinor: input.amountMinor,
      currency: input.currency.toLowerCase(),
    },
  });
  const user = await recipient(db, input.userId);
  if (!user) return;
  const amount = formatStoredMoney(input.amountMinor, input.currency);
  await enqueueEmail(db, {
    to: user.email,
    template: "notice",
    userId: input.userId,
    dedupeKey: `payment_failed:${input.invoiceId}:${input.attempt}`,
    data: {
      subject: "Your {product} payment failed",
      name: user.name,
      paragraphs: [
        `We could not collect ${amount} for your subscription.`,
        "Update your payment method to keep your plan; Stripe will retry the charge automatically.",
      ],
      actionUrl: appUrl("/billing"),
      actionLabel: "Update payment method",
    },
  });
}

export async function notifyPurchaseCompleted(
  db: Db,
  input: {
    userId: string;
    sourceId: string;
    paymentId: string;
    pt: bigint;
    description: string;
    amountMinor: bigint;
    taxMinor: bigint;
    taxLabel: string | null;
    currency: string;
  },
): Promise<void> {
  await emitWebhookEvent(db, {
    type: "payment.succeeded",
    userId: input.userId,
    key: input.sourceId,
    data: { kind: "topup", sourceId: input.sourceId, pt: input.pt, description: input.description },
  });
  const user = await recipient(db, input.userId);
  if (!user) return;
  const money = (minor: bigint) => formatStoredMoney(minor, input.currency);
  // The receipt's figures: subtotal, tax (when any) and total; the full receipt (seller, buyer,
  // tax id) is one click away.
  const amounts =
    input.taxMinor > 0n
      ? `Subtotal ${money(input.amountMinor - input.taxMinor)} · ${input.taxLabel ?? "Tax"} ${money(input.taxMinor)} · Total ${money(input.amountMinor)}.`
      : `Total ${money(input.amountMinor)}.`;
  await enqueueEmail(db, {
    to: user.email,
    template: "notice",
    userId: input.userId,
    dedupeKey: `purchase:${input.sourceId}`,
    data: {
      subject: "Your PT have arrived",
      name: user.name,
      paragraphs: [
        `Thank you for your purchase (${input.description}).`,
        amounts,
        `${formatPt(input.pt)} PT were added to your balance.`,
      ],
      actionUrl: appUrl(`/billing/receipts/${input.paymentId}`),
      actionLabel: "View your receipt",
    },
  });
}

export async function notifyAdmins(
  db: Db,
  input: { alert: AdminAlert; dedupeKey: string; data: Record<string, unknown> },
): Promise<void> {
  logger.warn({ alert: input.alert, dedupeKey: input.dedupeKey, data: input.data }, "billing admin alert");
  const details = Object.entries(input.data).map(
    ([k, v]) => `${k}: ${typeof v === "bigint" ? v.toString() : JSON.stringify(v)}`,
  );
  await emailAdmins(db, {
    subject: ALERT_SUBJECTS[input.alert],
    paragraphs: [ALERT_SUBJECTS[input.alert], ...details.slice(0, 20)],
    path: ALERT_PATHS[input.alert],
    dedupeKey: `billing:${input.dedupeKey}`,
  });
}
