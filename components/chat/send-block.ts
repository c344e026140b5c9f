// Why Send is off before a message is sent: its worst case (the live estimate) is more than the
// account can hold right now — the balance, what today's cap leaves, or what the monthly budget's
// hard stop leaves. The server would refuse the same turn (402 / 429); saying so beside the
// composer spares the round trip and keeps the text.
import type { AccountSummary } from "@/components/chat/api";
import { formatPt } from "@/components/chat/api";

export type SendAction = { label: string; href?: string; newChat?: true };
export type SendBlock = { reason: string; actions: SendAction[] };

export function sendBlock(input: {
  estimate: string | null;
  account: Pick<
    AccountSummary,
    "available" | "spentToday" | "dailyPtCap" | "isGuest" | "budgetLeftPt"
  > | null;
  /** The conversation has messages: its history is part of the estimate. */
  hasHistory: boolean;
}): SendBlock | null {
  const { estimate, account } = input;
  if (estimate === null || account === null) return null;
  const needed = BigInt(estimate);
  const available = BigInt(account.available);
  const newChat: SendAction[] = input.hasHistory ? [{ label: "Start a new chat", newChat: true }] : [];
  if (needed > available) {
    return {
      reason: `This message needs up to ${formatPt(needed)}; you have ${formatPt(available)}.`,
      actions: [
        ...newChat,
        account.isGuest
          ? { label: "Sign up for more PT", href: "/sign-up" }
          : { label: "Top up", href: "/billing#top-up" },
      ],
    };
  }
  const left = BigInt(account.dailyPtCap) - BigInt(account.spentToday);
  if (needed > left) {
    return {
      reason: `This message needs up to ${formatPt(needed)}; today's cap leaves ${formatPt(left > 0n ? left : 0n)} (it resets at midnight UTC).`,
      actions: [
        ...newChat,
        ...(account.isGuest ? [] : [{ label: "Daily cap settings", href: "/account/chat" }]),
      ],
    };
  }
  const budgetLeft = account.budgetLeftPt == null ? null : BigInt(account.budgetLeftPt);
  if (budgetLeft !== null && needed > budgetLeft) {
    return {
      reason: `This message needs up to ${formatPt(needed)}; your monthly budget's hard stop leaves ${formatPt(budgetLeft)}.`,
      actions: [...newChat, { label: "Budget settings", href: "/account/chat#budget" }],
    };
  }
  return null;
}
