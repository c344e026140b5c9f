// The seam between guests and the PT ledger. For now it only re-owns what the accounts tables
// hold and logs; at merge the ledger calls go here (and nowhere else):
//   onGuestCreated   → grantCredits(db, { account: { kind: "guest", guestId }, amount: GUEST_TRIAL_PT, source: "trial", key: `trial:${guestId}` })
//   onGuestConverted → transferAvailable(db, { from: { kind: "guest", guestId }, to: { kind: "user", userId }, key: `guest-convert:${guestId}` })
// Both are called inside the transaction that creates / converts the guest, so they must only
// use the db they are given.
import type { DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

type Db = DbClient | Prisma.TransactionClient;

export async function onGuestCreated(_db: Db, guestId: string): Promise<void> {
  logger.info(
    { guestId, trialPt: env().GUEST_TRIAL_PT.toString() },
    "guest created (trial grant pending ledger)",
  );
}

/** Re-owns the guest's rows by the new user; true when this call did it (idempotent). */
export async function onGuestConverted(db: Db, input: { guestId: string; userId: string }): Promise<boolean> {
  const { count } = await db.guest.updateMany({
    where: { id: input.guestId, convertedUserId: null },
    data: { convertedUserId: input.userId, convertedAt: new Date() },
  });
  if (count === 1) logger.info(input, "guest converted to user (PT transfer pending ledger)");
  return count === 1;
}
