"use client";
// The 402 card: what the message needed, what is left, and the ways to get more PT — first among
// them a new chat when the conversation's history is what makes this message too expensive.
import type { UpgradeOption } from "@/components/chat/api";
import { formatPt } from "@/components/chat/api";

export function OutOfPt({
  needed,
  available,
  newChatNeeded,
  upgrade,
  onNewChat,
  onDismiss,
}: {
  needed?: string;
  available?: string;
  newChatNeeded?: string;
  upgrade: UpgradeOption[];
  onNewChat: () => void;
  onDismiss: () => void;
}) {
  const guest = upgrade.some((u) => u.kind === "sign_up");
  // The history is the problem when the same message fits in a new chat.
  const history =
    newChatNeeded !== undefined && available !== undefined && BigInt(newChatNeeded) <= BigInt(available);
  return (
    <section
      role="alertdialog"
      aria-labelledby="out-of-pt-title"
      className="mx-3 mt-2 max-h-[50vh] overflow-y-auto rounded-xl border border-amber-300 bg-amber-50 p-4 sm:mx-auto sm:w-full sm:max-w-lg"
    >
      <h2 id="out-of-pt-title" className="text-lg font-semibold">
        {history
          ? "This conversation is too long for your balance"
          : guest
            ? "Your free trial PT is used up"
            : "You're out of PT for this message"}
      </h2>
      <p className="mt-2 text-sm text-slate-700">
        {needed && available
          ? `${history ? "With this conversation's history, this" : "This"} message needs up to ${formatPt(needed)}; you have ${formatPt(available)}. `
          : ""}
        {history && newChatNeeded
          ? `In a new chat it needs up to ${formatPt(newChatNeeded)}: your message is kept. `
          : ""}
        {guest
          ? "Create a free account to keep chatting — your conversation comes with you."
          : "Top up or upgrade and carry on where you left off. Nothing was charged for this attempt."}
      </p>
      <ul className="mt-4 flex flex-wrap gap-2">
        {history && (
          <li>
            <button
              type="button"
              onClick={onNewChat}
              className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white"
            >
              Start a new chat
            </button>
          </li>
        )}
        {upgrade.map((u) => (
          <li key={u.href}>
            <a
              href={u.href}
              className={`inline-block rounded-lg px-4 py-2 text-sm font-semibold ${
                u.kind === "plan" ? "border border-brand-600 text-brand-700" : "bg-brand-600 text-white"
              }`}
            >
              {u.label}
            </a>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex gap-4 text-sm">
        <button type="button" onClick={onDismiss} className="text-slate-600 underline">
          Not now
        </button>
        <a href="/help#charges" className="text-slate-600 underline">
          How charges work
        </a>
      </div>
    </section>
  );
}
