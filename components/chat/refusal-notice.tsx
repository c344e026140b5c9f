"use client";
// A refused turn's reason, shown right above the composer (which keeps the text): out of PT (with
// "start a new chat" when the history is what makes the message expensive), a rate limit or the
// daily cap (with a countdown to when sending works again), the monthly budget's hard stop (with a
// link to the budget), or any other refusal's message.
import { useEffect, useState } from "react";
import { OutOfPt } from "@/components/chat/out-of-pt";
import type { Refusal } from "@/components/chat/use-chat-session";

/** "45 s", "3 min", "2 h": how long to wait, for people. */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function useCountdown(seconds: number | undefined): number | null {
  const [left, setLeft] = useState(seconds ?? null);
  useEffect(() => {
    setLeft(seconds ?? null);
    if (seconds === undefined) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}

export function RefusalNotice({
  refusal,
  onDismiss,
  onNewChat,
}: {
  refusal: Refusal;
  onDismiss: () => void;
  onNewChat: () => void;
}) {
  const details = refusal.details;
  const left = useCountdown(refusal.code === "rate_limited" ? details?.retryAfter : undefined);
  if (refusal.code === "pt_exhausted") {
    return (
      <OutOfPt
        needed={details?.needed}
        available={details?.available}
        newChatNeeded={details?.newChatNeeded}
        upgrade={details?.upgrade ?? []}
        onNewChat={onNewChat}
        onDismiss={onDismiss}
      />
    );
  }
  return (
    <div
      role="alert"
      data-testid="refusal"
      className="mx-3 mt-2 rounded-lg bg-red-50 p-3 text-sm text-red-800"
    >
      {refusal.message}
      {left !== null && (
        <span data-testid="retry-after">
          {" "}
          {left > 0 ? `You can send again in ${waitText(left)}.` : "You can send again now."}
        </span>
      )}
      <span className="ml-2 inline-flex gap-3">
        {details?.reason === "daily_cap" && (
          <a href="/account/chat" className="underline">
            Daily cap settings
          </a>
        )}
        {refusal.code === "budget_exceeded" && (
          <a href="/account/chat#budget" className="underline">
            Budget settings
          </a>
        )}
        <button type="button" className="underline" onClick={onDismiss}>
          Dismiss
        </button>
      </span>
    </div>
  );
}
