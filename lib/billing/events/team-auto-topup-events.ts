// payment_intent.succeeded / .payment_failed for a team's auto top-up charge (the team branch of
// events/payment-intent-*.ts): the same checks and keys as a user's — the amount and currency
// against the pack, the grant keyed autotopup:<payment intent> — credited to the team's pool, the
// Payment stored with teamId, the receipt to the team's billing email; a failure turns the team's
// auto top-up off (auto-topup-notify.ts). Replays and duplicates credit nothing more.
import { recordChargeFailure } from "@/lib/billing/auto-topup-notify";
import { BILLING_CURRENCIES, type BillingCurrency, isPackId, packProduct } from "@/lib/billing/catalog";
import type { Tx } from "@/lib/billing/db-types";
import { AUTO_TOPUP_KIND, PaymentIntentObject } from "@/lib/billing/events/payment-intent-succeeded";
import type { EffectInput, EffectResult } from "@/lib/billing/events/types";
import { notifyAdmins } from "@/lib/billing/notify";
import { teamPurchased } from "@/lib/billing/team-purchases";
import { grantCredits } from "@/lib/ledger/grants";
import { teamAccount } from "@/lib/teams/admission-gate";

async function teamCharge(tx: Tx, teamId: string, chargeId: string | undefined) {
  if (!chargeId || !/^[0-9a-f-]{36}$/i.test(chargeId)) return null;
  return tx.autoTopUpCharge.findFirst({ where: { id: chargeId, teamId } });
}

export async function teamAutoTopUpSucceeded(
  tx: Tx,
  teamId: string,
  input: EffectInput,
): Promise<EffectResult> {
  const pi = PaymentIntentObject.parse(input.object);
  const meta = pi.metadata ?? {};
  if (meta.kind !== AUTO_TOPUP_KIND) return { status: "ignored", note: "not an auto top-up" };
  if (pi.status !== "succeeded") return { status: "ignored", note: `status ${pi.status}` };
  const charge = await teamCharge(tx, teamId, meta.chargeId);
  if (!charge || !isPackId(charge.pack)) return { status: "ignored", note: "no team auto top-up charge" };
  const paid = BigInt(pi.amount_received ?? pi.amount);
  const currency = pi.currency.toLowerCase();
  const known = (BILLING_CURRENCIES as readonly string[]).includes(currency);
  const pack = packProduct(charge.pack, known ? (currency as BillingCurrency) : undefined);
  if (!known || paid !== pack.amountMinor) {
    await notifyAdmins(tx, {
      alert: "amount_mismatch",
      dedupeKey: `amount_mismatch:${pi.id}`,
      data: {
        paymentIntentId: pi.id,
        teamId,
        expected: `${pack.amountMinor} ${currency}`,
        paid: `${paid} ${currency}`,
      },
    });
    return { status: "ignored", note: "amount paid does not match the pack: held for review" };
  }
  const grant = await grantCredits(tx, {
    account: teamAccount(teamId),
    amount: pack.pt,
    source: "purchase",
    key: `autotopup:${pi.id}`,
    actor: "stripe",
    metadata: {
      chargeId: charge.id,
      teamId,
      pack: charge.pack,
      paymentId: pi.id,
      amountMinor: paid.toString(),
      taxMinor: "0",
      currency,
    },
  });
  const description = `Team auto top-up: ${charge.pack}`;
  await tx.payment.createMany({
    data: [
      {
        userId: charge.userId,
        teamId,
        kind: "topup",
        sourceId: pi.id,
        paymentIntentId: pi.id,
        amountMinor: paid,
        currency,
        pt: pack.pt,
        grantId: grant.grantId,
        description,
      },
    ],
    skipDuplicates: true,
  });
  await tx.autoTopUpCharge.updateMany({
    where: { id: charge.id, status: { not: "succeeded" } },
    data: { status: "succeeded", paymentIntentId: pi.id, error: null },
  });
  if (grant.created)
    await teamPurchased(tx, {
      teamId,
      buyerId: charge.userId,
      sourceId: pi.id,
      description,
      amountMinor: paid,
      taxMinor: 0n,
      taxLabel: null,
      currency,
      pt: pack.pt,
      paidAt: input.now,
      reference: pi.id,
    });
  return { status: "applied", note: grant.created ? undefined : "already credited" };
}

export async function teamAutoTopUpFailed(tx: Tx, teamId: string, input: EffectInput): Promise<EffectResult> {
  const pi = PaymentIntentObject.parse(input.object);
  const meta = pi.metadata ?? {};
  if (meta.kind !== AUTO_TOPUP_KIND) return { status: "ignored", note: "not an auto top-up" };
  const charge = await teamCharge(tx, teamId, meta.chargeId);
  if (!charge) return { status: "ignored", note: "no team auto top-up charge" };
  if (charge.status === "succeeded" || charge.status === "failed")
    return { status: "ignored", note: `charge already ${charge.status}` };
  const reason = pi.last_payment_error?.message?.trim() || "The payment failed.";
  await recordChargeFailure(tx, charge, reason.slice(0, 300));
  return { status: "applied" };
}
