// A user disputes one of their own charges: a chat reply (message), a payment, or a ledger entry.
// The item is looked up scoped to the user, so another user's item is simply "not found". openKey
// (user, item) is unique while the dispute is open: one open dispute per item, even under races.
import type { Db, DbClient } from "@/lib/db";
import { disputeEventData } from "@/lib/disputes/webhook-data";
import { AppError } from "@/lib/errors";
import type { DisputeItemType } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";

export type CreateDisputeInput = {
  userId: string;
  itemType: DisputeItemType;
  itemId: string;
  reason: string;
  detail?: string | null;
};

type Amount = { amountPt?: bigint; amountMinor?: bigint; currency?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The disputed amount, or not_found when the item does not exist or belongs to someone else. */
async function ownedItem(db: Db, input: CreateDisputeInput): Promise<Amount> {
  const missing = new AppError("not_found", "No such item.");
  if (input.itemType === "message") {
    if (!UUID.test(input.itemId)) throw missing;
    const message = await db.message.findFirst({
      where: { id: input.itemId, conversation: { userId: input.userId } },
      select: { ptCharged: true },
    });
    if (!message) throw missing;
    if (!message.ptCharged || message.ptCharged <= 0n)
      throw new AppError("conflict", "This message was not charged.");
    return { amountPt: message.ptCharged };
  }
  if (input.itemType === "payment") {
    if (!UUID.test(input.itemId)) throw missing;
    const payment = await db.payment.findFirst({
      where: { id: input.itemId, userId: input.userId },
      select: { amountMinor: true, currency: true },
    });
    if (!payment) throw missing;
    return { amountMinor: payment.amountMinor, currency: payment.currency };
  }
  if (!/^\d{1,18}$/.test(input.itemId)) throw missing;
  const entry = await db.ledgerEntry.findFirst({
    where: { id: BigInt(input.itemId), account: { type: "user", ownerId: input.userId } },
    select: { amount: true },
  });
  if (!entry) throw missing;
  if (entry.amount >= 0n) throw new AppError("conflict", "Only a charge (a debit) can be disputed.");
  return { amountPt: -entry.amount };
}

export async function createDispute(db: DbClient, input: CreateDisputeInput) {
  const amount = await ownedItem(db, input);
  const openKey = `${input.userId}:${input.itemType}:${input.itemId}`;
  try {
    // The dispute and its dispute.created webhook commit together.
    return await db.$transaction(async (tx) => {
      const dispute = await tx.dispute.create({
        data: {
          userId: input.userId,
          itemType: input.itemType,
          itemId: input.itemId,
          openKey,
          reason: input.reason,
          detail: input.detail || null,
          ...amount,
        },
      });
      await emitWebhookEvent(tx, {
        type: "dispute.created",
        userId: input.userId,
        key: dispute.id,
        data: disputeEventData(dispute),
      });
      return dispute;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "This item already has an open dispute.");
    }
    throw error;
  }
}

export function listMyDisputes(db: Db, userId: string) {
  return db.dispute.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
  });
}
