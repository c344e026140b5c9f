// Seeding helpers for reconciliation tests: usage settled with provider cost, payment-backed
// credits, and a fake Stripe side whose heal applies a purchase idempotently by payment id.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AccountRef } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import type { PaymentsSource, StripePayment } from "@/lib/reconciliation/payments";

export function user(): AccountRef & { kind: "user"; userId: string } {
  return { kind: "user", userId: randomUUID() };
}

/** One settled completion: `pt` charged (1 PT = 10 µUSD by default), `costMicroUsd` recorded. */
export async function settleUsage(
  db: PrismaClient,
  input: {
    account: AccountRef;
    model: string;
    pt: bigint;
    costMicroUsd: bigint;
    provider?: string;
    at?: Date;
  },
): Promise<void> {
  const hold = await reserve(db, {
    account: input.account,
    amount: input.pt + 100n,
    key: `msg:${randomUUID()}`,
    ttlSeconds: 300,
    now: input.at,
  });
  await settle(db, {
    holdId: hold.holdId,
    actual: input.pt,
    now: input.at,
    metadata: {
      model: input.model,
      inputTokens: 100,
      outputTokens: 200,
      messageId: randomUUID(),
      providerCostMicroUsd: input.costMicroUsd,
      ...(input.provider ? { provider: input.provider } : {}),
    },
  });
}

/** What billing's webhook does for a paid top-up: a purchase grant keyed by the payment id. */
export async function applyPayment(db: PrismaClient, payment: StripePayment) {
  return grantCredits(db, {
    account: { kind: "user", userId: payment.userId },
    amount: payment.pt ?? 0n,
    source: "purchase",
    key: `purchase:${payment.paymentId}`,
    metadata: {
      paymentId: payment.paymentId,
      amountMinor: payment.amountMinor.toString(),
      currency: payment.currency,
    },
  });
}

export function stripePayment(
  userId: string,
  pt: bigint,
  amountMinor: bigint,
  id = `pi_${randomUUID()}`,
): StripePayment {
  return { paymentId: id, kind: "charge", userId, amountMinor, currency: "usd", pt, createdAt: new Date() };
}

/** A fake Stripe listing plus a counting heal that goes through the same idempotent apply. */
export function fakeStripe(
  db: PrismaClient,
  payments: StripePayment[],
): PaymentsSource & { healCalls: string[] } {
  const healCalls: string[] = [];
  return {
    healCalls,
    async listPayments(range) {
      return payments.filter((p) => p.createdAt >= range.from && p.createdAt < range.to);
    },
    async heal(payment) {
      healCalls.push(payment.paymentId);
      const result = await applyPayment(db, payment);
      return { created: result.created, transactionId: result.transactionId };
    },
  };
}
