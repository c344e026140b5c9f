// Billing's outgoing notifications, in one place. Each queues mail in the outbox with the
// caller's client, so inside a webhook effect's transaction a notice exists exactly when its
// effect commits; dedupe keys make a retried or replayed effect notify once.
import { appUrl } from "@/lib/app-url";
import type { Db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { notifyAdmins as emailAdmins } from "@/lib/email/notify-admins";
import { logger } from "@/lib/logger";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";

export type AdminAlert =
  | "payment_failed"
  | "dispute_opened"
  | "team_dispute_opened"
  | "dispute_lost"
  | "webhook_dead"
  | "amount_mismatch"
  | "refund_debt";

const ALERT_SUBJECTS: Record<AdminAlert, string> = {
  payment_failed: "A subscription payment failed",
  dispute_opened: "A chargeback was opened: account frozen",
  team_dispute_opened: "A chargeback was opened on a team purchase: its PT taken from the pool",
  dispute_lost: "A chargeback was lost: PT clawed back",
  webhook_dead: "A Stripe webhook is dead after its retries",
  amount_mismatch: "A payment did not match its checkout: held for review",
  refund_debt: "A refund left an account in debt",
};

const ALERT_PATHS: Record<AdminAlert, string> = {
  payment_failed: "/admin/users",
  dispute_opened: "/admin/disputes",
  team_dispute_opened: "/admin/disputes",
  dispute_lost: "/admin/disputes",
  webhook_dead: "/admin/webhooks",
  amount_mismatch: "/admin/webhooks",
  refund_debt: "/admin/users",
};

async function recipient(db: Db, userId: string): Promise<{ email: string; name: string | null } | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, name: true, status: true },
  });
  return user && user.status !== "deleted" ? user : null;
}

/** Stripe's hosted invoice page, when the object carries one that is a plain https URL. */
export function hostedInvoiceUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

export async function notifyPaymentFailed(
  db: Db,
  input: {
    userId: string;
    invoiceId: string;
    attempt: number;
    amountMinor: bigint;
    currency: string;
    invoiceUrl?: string | null;
  },
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
  await enqueueEmail(db, {
    to: user.email,
    template: "payment-failed",
    userId: input.userId,
    dedupeKey: `payment_failed:${input.invoiceId}:${input.attempt}`,
    data: {
      name: user.name,
      amountMinor: input.amountMinor,
      currency: input.currency,
      attempt: Math.max(1, input.attempt),
      invoiceUrl: hostedInvoiceUrl(input.invoiceUrl),
      billingUrl: appUrl("/billing"),
    },
  });
}

/** A top-up credited: the payment.succeeded event and the receipt mail, once per checkout session. */
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
    /** The payment's reference shown on the receipt (its payment intent, else the session). */
    reference: string;
    paidAt: Date;
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
  await enqueueEmail(db, {
    to: user.email,
    template: "purchase-receipt",
    userId: input.userId,
    dedupeKey: `purchase:${input.sourceId}`,
    data: {
      name: user.name,
      description: input.description,
      amountMinor: input.amountMinor,
      taxMinor: input.taxMinor,
      taxLabel: input.taxLabel,
      currency: input.currency,
      pt: input.pt,
      paidAt: input.paidAt,
      reference: input.reference,
      balanceUrl: appUrl("/billing"),
      receiptUrl: appUrl(`/billing/receipts/${input.paymentId}`),
    },
  });
}

export type InvoiceMail = {
  userId: string;
  invoiceId: string;
  amountMinor: bigint;
  currency: string;
  description: string;
  periodEnd: Date | null;
  invoiceUrl?: string | null;
};

/** The invoice-available mail's data (shared with the one-statement invoice.paid path). */
export function invoiceMailData(input: InvoiceMail): Record<string, unknown> {
  return {
    invoiceId: input.invoiceId,
    amountMinor: input.amountMinor,
    currency: input.currency,
    description: input.description,
    periodEnd: input.periodEnd ?? undefined,
    invoiceUrl: hostedInvoiceUrl(input.invoiceUrl),
    billingUrl: appUrl("/billing"),
  };
}

export const invoiceMailKey = (invoiceId: string) => `invoice:${invoiceId}`;

/** A paid subscription invoice: the invoice-available mail, once per invoice; nothing for 0. */
export async function notifyInvoicePaid(db: Db, input: InvoiceMail): Promise<void> {
  if (input.amountMinor <= 0n) return;
  const user = await recipient(db, input.userId);
  if (!user) return;
  await enqueueEmail(db, {
    to: user.email,
    template: "invoice-available",
    userId: input.userId,
    dedupeKey: invoiceMailKey(input.invoiceId),
    data: { name: user.name, ...invoiceMailData(input) },
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
