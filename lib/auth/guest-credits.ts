// The seam between guests and the PT ledger: a new guest gets its trial grant, and a guest who
// signs up brings what is left of it to the new user through one ledger transaction (never by
// editing balances). Both run inside the transaction that creates / converts the guest, so they
// use only the db they are given; both are idempotent on their keys.
import { forgetGuest } from "@/lib/auth/guest-cache";
import { runGuestConversionHooks } from "@/lib/auth/guest-conversion";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { grantCredits } from "@/lib/ledger/grants";
import { transferAvailable } from "@/lib/ledger/transfer";
import { logger } from "@/lib/logger";

export async function onGuestCreated(db: Db, guestId: string): Promise<void> {
  const amount = env().GUEST_TRIAL_PT;
  if (amount <= 0n) return;
  await grantCredits(db, {
    account: { kind: "guest", guestId },
    amount,
    source: "trial",
    key: `trial:${guestId}`,
    actor: "system:guest-trial",
  });
  logger.info({ guestId, trialPt: amount.toString() }, "guest created with trial grant");
}

/**
 * Re-owns the guest by the new user, moves its remaining PT, and runs the other domains' conversion
 * hooks (chat moves the guest's conversations); true when this call did it.
 */
export async function onGuestConverted(db: Db, input: { guestId: string; userId: string }): Promise<boolean> {
  const { count } = await db.guest.updateMany({
    where: { id: input.guestId, convertedUserId: null },
    data: { convertedUserId: input.userId, convertedAt: new Date() },
  });
  if (count !== 1) return false;
  forgetGuest(input.guestId);
  const { moved } = await transferAvailable(db, {
    from: { kind: "guest", guestId: input.guestId },
    to: { kind: "user", userId: input.userId },
    key: `guest-convert:${input.guestId}`,
    actor: `user:${input.userId}`,
  });
  const hooks = await runGuestConversionHooks(db, input);
  logger.info({ ...input, movedPt: moved.toString(), ...hooks }, "guest converted to user");
  return true;
}
