"use client";
// The 402 screen: what the message needed, what is left, and the ways to get more PT.
import type { UpgradeOption } from "@/components/chat/api";
import { formatPt } from "@/components/chat/api";

export function OutOfPt({
  needed,
  available,
  upgrade,
  onDismiss,
}: {
  needed?: string;
  available?: string;
  upgrade: UpgradeOption[];
  onDismiss: () => void;
}) {
  const guest = upgrade.some((u) => u.kind === "sign_up");
  return (
    <section
      role="alertdialog"
      aria-labelledby="out-of-pt-title"
      className="mx-auto my-6 max-w-lg rounded-xl border border-amber-300 bg-amber-50 p-5"
    >
      <h2 id="out-of-pt-title" className="text-lg font-semibold">
        {guest ? "Your free trial PT is used up" : "You're out of PT for this message"}
      </h2>
      <p className="mt-2 text-sm text-slate-700">
        {needed && available
          ? `This message needs up to ${formatPt(needed)}; you have ${formatPt(available)}. `
          : ""}
        {guest
          ? "Create a free account to keep chatting — your conversation comes with you."
          : "Top up or upgrade and carry on where you left off. Nothing was charged for this attempt."}
      </p>
      <ul className="mt-4 flex flex-wrap gap-2">
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
