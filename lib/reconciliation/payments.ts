// Payments versus credits: what Stripe says was paid (charges for top-ups, paid invoices for
// plans) against the purchase and allowance credits in the ledger, matched by payment id (the
// payment intent / invoice id billing records as metadata.paymentId on the credit). Pure logic
// over two lists plus a heal callback; Stripe's listing and the heal are wired by billing.
//   payment without credit → heal (apply it idempotently) and report it (warning);
//   credit without payment, amount/PT/owner mismatch, payment credited twice → error.
import type { Range } from "@/lib/periods";
import type { Issue } from "@/lib/reconciliation/types";

export type StripePayment = {
  /** Payment intent id (top-up) or invoice id (plan allowance). */
  paymentId: string;
  kind: "charge" | "invoice";
  userId: string;
  amountMinor: bigint;
  currency: string;
  /** PT this payment should credit, when the lister knows it (from the price's metadata). */
  pt?: bigint;
  createdAt: Date;
};

export type LedgerCredit = {
  paymentId: string;
  transactionId: string;
  /** The user id owning the credited account. */
  ownerId: string;
  pt: bigint;
  amountMinor?: bigint;
  currency?: string;
  createdAt: Date;
};

export type HealResult = { created: boolean; transactionId?: string };

/** Stripe's side and how a missing credit is applied (billing wires this; credits come from the ledger). */
export type PaymentsSource = {
  /** Succeeded charges (top-ups) and paid invoices (plans) created in the range. */
  listPayments(range: Range): Promise<StripePayment[]>;
  /** Applies the payment's credit exactly as the webhook would; idempotent on the payment id. */
  heal(payment: StripePayment): Promise<HealResult>;
};

export type Mismatch = { payment: StripePayment; credit: LedgerCredit; fields: string[] };

export type PaymentComparison = {
  matched: number;
  missing: StripePayment[];
  orphans: LedgerCredit[];
  mismatches: Mismatch[];
  duplicates: LedgerCredit[][];
};

const inRange = (at: Date, range: Range) => at >= range.from && at < range.to;

/**
 * Compares the payments and credits of `day`. The lists may (and should) cover a wider window
 * than the day, so a payment at 23:59 credited at 00:01 matches across midnight; only payments
 * and credits inside the day are judged.
 */
export function comparePayments(input: {
  day: Range;
  payments: StripePayment[];
  credits: LedgerCredit[];
}): PaymentComparison {
  const creditsById = new Map<string, LedgerCredit[]>();
  for (const c of input.credits) creditsById.set(c.paymentId, [...(creditsById.get(c.paymentId) ?? []), c]);
  const paymentIds = new Set(input.payments.map((p) => p.paymentId));
  const out: PaymentComparison = { matched: 0, missing: [], orphans: [], mismatches: [], duplicates: [] };
  for (const payment of input.payments) {
    if (!inRange(payment.createdAt, input.day)) continue;
    const credits = creditsById.get(payment.paymentId) ?? [];
    const credit = credits[0];
    if (!credit) {
      out.missing.push(payment);
      continue;
    }
    if (credits.length > 1) out.duplicates.push(credits);
    const fields: string[] = [];
    if (credit.ownerId !== payment.userId) fields.push("owner");
    if (credit.amountMinor !== undefined && credit.amountMinor !== payment.amountMinor) fields.push("amount");
    if (credit.currency !== undefined && credit.currency.toLowerCase() !== payment.currency.toLowerCase()) {
      fields.push("currency");
    }
    if (payment.pt !== undefined && credits.reduce((s, c) => s + c.pt, 0n) !== payment.pt) fields.push("pt");
    if (fields.length > 0) out.mismatches.push({ payment, credit, fields });
    else out.matched++;
  }
  for (const credit of input.credits) {
    if (inRange(credit.createdAt, input.day) && !paymentIds.has(credit.paymentId)) out.orphans.push(credit);
  }
  return out;
}

/** Turns a comparison into issues, healing each missing credit through `heal`. */
export async function reconcilePayments(
  comparison: PaymentComparison,
  heal: PaymentsSource["heal"],
): Promise<{ issues: Issue[]; healed: number }> {
  const issues: Issue[] = [];
  let healed = 0;
  for (const payment of comparison.missing) {
    const refs = {
      paymentId: payment.paymentId,
      userId: payment.userId,
      amountMinor: payment.amountMinor.toString(),
    };
    try {
      const result = await heal(payment);
      if (result.created) healed++;
      issues.push(
        result.created
          ? {
              severity: "warning",
              kind: "payment_credit_missing_healed",
              message: `${payment.kind} ${payment.paymentId} (${payment.amountMinor} ${payment.currency}) had no credit; applied now`,
              refs: { ...refs, ...(result.transactionId ? { transactionId: result.transactionId } : {}) },
            }
          : {
              severity: "info",
              kind: "payment_credit_late",
              message: `${payment.kind} ${payment.paymentId} was credited while the reconciliation ran`,
              refs,
            },
      );
    } catch (error) {
      issues.push({
        severity: "error",
        kind: "payment_heal_failed",
        message: `${payment.kind} ${payment.paymentId} has no credit and applying it failed: ${error instanceof Error ? error.message : String(error)}`,
        refs,
      });
    }
  }
  for (const credit of comparison.orphans) {
    issues.push({
      severity: "error",
      kind: "credit_without_payment",
      message: `credit ${credit.transactionId} (${credit.pt} PT) names payment ${credit.paymentId}, which Stripe does not show as paid`,
      refs: { paymentId: credit.paymentId, transactionId: credit.transactionId, userId: credit.ownerId },
    });
  }
  for (const m of comparison.mismatches) {
    issues.push({
      severity: "error",
      kind: "payment_credit_mismatch",
      message: `payment ${m.payment.paymentId} and credit ${m.credit.transactionId} differ in ${m.fields.join(", ")}`,
      refs: {
        paymentId: m.payment.paymentId,
        transactionId: m.credit.transactionId,
        fields: m.fields.join(","),
      },
    });
  }
  for (const dup of comparison.duplicates) {
    issues.push({
      severity: "error",
      kind: "payment_credited_twice",
      message: `payment ${dup[0]?.paymentId} was credited ${dup.length} times`,
      refs: { paymentId: dup[0]?.paymentId ?? "", transactionIds: dup.map((c) => c.transactionId).join(",") },
    });
  }
  return { issues, healed };
}
