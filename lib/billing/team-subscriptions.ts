// Team seat subscriptions: the row mirrors Stripe's state with a version (the Stripe time of the
// state applied), so a late, older event never overwrites newer state and a canceled subscription
// never comes back — the same rule as a user's subscription (subscriptions.ts).
import type { Tx } from "@/lib/billing/db-types";
import type { Subscription } from "@/lib/billing/stripe-objects";
import { idOf } from "@/lib/billing/stripe-objects";
import { isTeamSeatPrice } from "@/lib/billing/team-catalog";

const TERMINAL = new Set(["canceled", "incomplete_expired"]);

/** The seat item of a subscription (the team plan's price), if it has one. */
export function seatItem(sub: Subscription) {
  return sub.items.data.find((item) => isTeamSeatPrice(item.price.id)) ?? null;
}

export async function convergeTeamSubscription(
  tx: Tx,
  input: { sub: Subscription; version: bigint; teamId: string; buyerId: string | null },
): Promise<{ changed: boolean }> {
  const { sub, version, teamId } = input;
  const item = seatItem(sub);
  if (!item) return { changed: false };
  const existing = await tx.teamSubscription.findUnique({
    where: { id: sub.id },
    select: { version: true, status: true, buyerId: true },
  });
  if (
    existing &&
    (existing.version > version || (TERMINAL.has(existing.status) && !TERMINAL.has(sub.status)))
  )
    return { changed: false };
  const buyerId = existing?.buyerId ?? input.buyerId;
  if (!buyerId) return { changed: false };
  const data = {
    teamId,
    buyerId,
    stripeCustomerId: idOf(sub.customer) ?? "",
    priceId: item.price.id,
    itemId: item.id,
    seats: item.quantity ?? 1,
    status: sub.status,
    currentPeriodStart: item.current_period_start ? new Date(item.current_period_start * 1000) : null,
    currentPeriodEnd: item.current_period_end ? new Date(item.current_period_end * 1000) : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
    version,
  };
  await tx.teamSubscription.upsert({ where: { id: sub.id }, create: { id: sub.id, ...data }, update: data });
  return { changed: true };
}
