// What an auto top-up charge tells its owner, in the caller's transaction: a charge submitted (an
// email each time) or failed — the charge marked failed, auto top-up turned off with the reason, an
// email (category account: it needs action) and an in-app notice. Used by the auto-topup job and by
// payment_intent.payment_failed (a charge that failed after it was submitted). Dedupe keys name the
// charge, so a retried job or a replayed event tells once.
import { appUrl } from "@/lib/app-url";
import { billingCurrency, isPackId, packProduct } from "@/lib/billing/catalog";
import type { Db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { notify } from "@/lib/notifications";

export type ChargeRef = { id: string; userId: string; pack: string };

async function mailData(db: Db, charge: ChargeRef, outcome: "charged" | "failed", reason?: string) {
  const [user, settings] = await Promise.all([
    db.user.findUnique({ where: { id: charge.userId }, select: { email: true, name: true, status: true } }),
    db.autoTopUp.findUnique({ where: { userId: charge.userId }, select: { thresholdPt: true } }),
  ]);
  if (!user || user.status === "deleted" || !isPackId(charge.pack)) return null;
  const pack = packProduct(charge.pack);
  return {
    to: user.email,
    data: {
      outcome,
      pack: pack.name,
      pt: pack.pt,
      amountMinor: pack.amountMinor,
      currency: billingCurrency(),
      thresholdPt: (settings?.thresholdPt ?? 1n).toString(),
      reason,
      url: appUrl("/billing#auto-topup"),
      name: user.name,
    },
  };
}

export async function recordChargeSubmitted(
  db: Db,
  charge: ChargeRef,
  paymentIntentId: string,
): Promise<void> {
  // The webhook may have credited it already (test mode delivers before this): keep "succeeded".
  await db.autoTopUpCharge.updateMany({
    where: { id: charge.id, status: "queued" },
    data: { status: "submitted", paymentIntentId, error: null },
  });
  const mail = await mailData(db, charge, "charged");
  if (mail)
    await enqueueEmail(db, {
      to: mail.to,
      template: "auto-topup",
      userId: charge.userId,
      dedupeKey: `autotopup:${charge.id}:charged`,
      data: mail.data,
    });
}

export async function recordChargeFailure(db: Db, charge: ChargeRef, reason: string): Promise<void> {
  await db.autoTopUpCharge.updateMany({
    where: { id: charge.id, status: { in: ["queued", "submitted"] } },
    data: { status: "failed", error: reason },
  });
  const turnedOff = await db.autoTopUp.updateMany({
    where: { userId: charge.userId, enabled: true },
    data: { enabled: false, offReason: reason },
  });
  // Turned off by its owner before the charge ran (or by this failure's first report): nothing more to tell.
  if (turnedOff.count === 0) return;
  const mail = await mailData(db, charge, "failed", reason);
  if (mail)
    await enqueueEmail(db, {
      to: mail.to,
      template: "auto-topup",
      // Needs the owner's action: sent even to someone who turned billing mail off.
      category: "account",
      userId: charge.userId,
      dedupeKey: `autotopup:${charge.id}:failed`,
      data: mail.data,
    });
  await notify(db, {
    userId: charge.userId,
    kind: "auto_topup_failed",
    title: "Auto top-up failed and was turned off",
    body: `${reason} Nothing more will be charged until you turn it on again.`,
    link: "/billing#auto-topup",
    dedupeKey: `autotopup:${charge.id}:failed`,
  });
}
