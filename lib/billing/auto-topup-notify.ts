// What an auto top-up charge tells its owner, in the caller's transaction: a charge submitted (an
// email each time) or failed — the charge marked failed, auto top-up turned off with the reason, an
// email (category account: it needs action) and an in-app notice. Used by the auto-topup job and by
// payment_intent.payment_failed (a charge that failed after it was submitted). Dedupe keys name the
// charge, so a retried job or a replayed event tells once.
import { appUrl } from "@/lib/app-url";
import { billingCurrency, isPackId, packProduct } from "@/lib/billing/catalog";
import { teamBillingEmail } from "@/lib/billing/team-customer";
import type { Db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { notify } from "@/lib/notifications";

export type ChargeRef = { id: string; userId: string; accountId: string; pack: string };

async function mailData(db: Db, charge: ChargeRef, outcome: "charged" | "failed", reason?: string) {
  const [user, settings] = await Promise.all([
    db.user.findUnique({ where: { id: charge.userId }, select: { email: true, name: true, status: true } }),
    db.autoTopUp.findUnique({
      where: { accountId: charge.accountId },
      select: { thresholdPt: true, teamId: true },
    }),
  ]);
  if (!isPackId(charge.pack)) return null;
  const pack = packProduct(charge.pack);
  // A team's auto top-up mails its billing email (an address: not skippable, no user to name).
  const teamId = settings?.teamId ?? null;
  const to = teamId
    ? await teamBillingEmail(db, teamId)
    : user && user.status !== "deleted"
      ? user.email
      : null;
  if (!to) return null;
  return {
    to,
    team: teamId !== null,
    data: {
      outcome,
      pack: pack.name,
      pt: pack.pt,
      amountMinor: pack.amountMinor,
      currency: billingCurrency(),
      thresholdPt: (settings?.thresholdPt ?? 1n).toString(),
      reason,
      url: appUrl(teamId ? `/teams/${teamId}/billing#auto-topup` : "/billing#auto-topup"),
      name: teamId ? null : user?.name,
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
      ...(mail.team ? { category: "account" as const } : { userId: charge.userId }),
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
    where: { accountId: charge.accountId, enabled: true },
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
      ...(mail.team ? {} : { userId: charge.userId }),
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
