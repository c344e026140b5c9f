"use client";
// The conversation: user messages as plain text, replies as sanitised markdown, each reply with
// the PT it cost ("−1,105 PT") once settled.
import { useEffect, useRef } from "react";
import { formatPt } from "@/components/chat/api";
import { Markdown } from "@/components/chat/markdown";
import type { ChatUIMessage } from "@/lib/chat/metadata";

function textOf(message: ChatUIMessage): string {
  return message.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
}

export function MessageList({
  messages,
  waiting,
  streaming = false,
}: {
  messages: ChatUIMessage[];
  /** The request is sent and nothing has come back yet. */
  waiting: boolean;
  /** The last reply is streaming (its first token may not have come yet). */
  streaming?: boolean;
}) {
  const end = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);
  const lastLength = last ? textOf(last).length : 0;
  useEffect(() => {
    void lastLength;
    end.current?.scrollIntoView({ block: "end" });
  }, [lastLength]);

  return (
    <ol className="mx-auto w-full max-w-3xl space-y-4 px-4 py-6" aria-label="Messages">
      {messages.map((m) => {
        const charged = m.metadata?.ptCharged;
        const status = m.metadata?.status;
        return (
          <li key={m.id} data-role={m.role} className={m.role === "user" ? "flex justify-end" : ""}>
            {m.role === "user" ? (
              <p className="max-w-[85%] whitespace-pre-wrap rounded-2xl bg-brand-50 px-4 py-2">{textOf(m)}</p>
            ) : (
              <div
                className="rounded-2xl border border-slate-200 bg-page px-4 py-3"
                data-testid="assistant-message"
              >
                {streaming && m === last && textOf(m) === "" ? (
                  <p className="text-sm text-slate-500" aria-live="polite" data-testid="reply-pending">
                    Thinking…
                  </p>
                ) : (
                  <Markdown text={textOf(m)} />
                )}
                <div className="mt-2 flex gap-3 text-xs text-slate-500">
                  {charged !== undefined && (
                    <span data-testid="charge" data-pt={charged}>
                      −{formatPt(charged)}
                    </span>
                  )}
                  {status === "aborted" && <span>Stopped</span>}
                  {status === "error" && <span className="text-red-600">The model failed</span>}
                </div>
              </div>
            )}
          </li>
        );
      })}
      {waiting && (
        <li className="text-sm text-slate-500" aria-live="polite">
          Thinking…
        </li>
      )}
      <div ref={end} />
    </ol>
  );
}
