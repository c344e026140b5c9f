"use client";
// The message box: Enter sends, Shift+Enter adds a line, Esc stops a reply. Under it, a live
// estimate of what the message would hold ("≈ 1,240 PT"), debounced and fetched from the server;
// when that is more than the account can hold, Send is off and the reason says what would help.
// The text is the page's (a refused turn puts it back), so it is passed in and out.
import { useEffect, useRef } from "react";
import type { AccountSummary } from "@/components/chat/api";
import { formatPt } from "@/components/chat/api";
import { sendBlock } from "@/components/chat/send-block";
import type { EstimateInput } from "@/components/chat/use-estimate";
import { useEstimate } from "@/components/chat/use-estimate";

export function Composer({
  text,
  onText,
  busy,
  disabled,
  estimateInput,
  account,
  onSend,
  onStop,
  onNewChat,
}: {
  text: string;
  onText: (text: string) => void;
  busy: boolean;
  disabled: boolean;
  estimateInput: EstimateInput | null;
  account: AccountSummary | null;
  onSend: (text: string) => void;
  onStop: () => void;
  onNewChat: () => void;
}) {
  const setText = onText;
  const ref = useRef<HTMLTextAreaElement>(null);
  const estimate = useEstimate(estimateInput, text);
  const block =
    text.trim() === ""
      ? null
      : sendBlock({ estimate, account, hasHistory: (estimateInput?.history.length ?? 0) > 0 });

  useEffect(() => {
    if (!busy) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onStop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, onStop]);

  function submit() {
    const message = text.trim();
    if (!message || busy || disabled || block) return;
    onSend(message);
  }

  return (
    <form
      className="border-t border-slate-200 bg-page p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex items-end gap-2">
        <textarea
          ref={ref}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          rows={Math.min(8, Math.max(2, text.split("\n").length))}
          maxLength={8000}
          placeholder="Ask anything. Enter to send, Shift+Enter for a new line."
          aria-label="Message"
          className="flex-1 resize-none rounded-lg border border-slate-300 px-3 py-2 focus:border-brand-500"
        />
        {busy ? (
          <button
            type="button"
            onClick={onStop}
            className="rounded-lg border border-slate-400 px-4 py-2 font-semibold text-slate-800 hover:bg-slate-100"
          >
            Stop
          </button>
        ) : (
          <button
            type="submit"
            disabled={disabled || text.trim() === "" || block !== null}
            aria-describedby={block ? "send-block" : undefined}
            className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
          >
            Send
          </button>
        )}
      </div>
      {block && (
        <p id="send-block" role="status" className="mt-1 text-sm text-amber-900">
          {block.reason}{" "}
          {block.actions.map((a) =>
            a.href ? (
              <a key={a.label} href={a.href} className="mr-3 font-semibold underline">
                {a.label}
              </a>
            ) : (
              <button
                key={a.label}
                type="button"
                onClick={onNewChat}
                className="mr-3 font-semibold underline"
              >
                {a.label}
              </button>
            ),
          )}
        </p>
      )}
      <p className="mt-1 text-xs text-slate-500" data-testid="estimate" aria-live="polite">
        {estimate ? (
          <>
            ≈ {formatPt(estimate)} at most for this message
            {/* No keyboard hint on a touch screen: there is no Esc key to press. */}
            <span className="pointer-coarse:hidden"> · Esc stops a reply</span>
          </>
        ) : (
          " "
        )}
      </p>
    </form>
  );
}
