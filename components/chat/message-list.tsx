"use client";
// The conversation: user messages as plain text (long ones fold), replies as sanitised markdown
// (loaded lazily: plain text shows until the renderer arrives), each reply with the PT it cost
// ("−1,105 PT") once settled and the model that wrote it. Every message can be copied; the last
// reply can be regenerated and the last message edited and sent again, each a new metered turn.
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { formatPt } from "@/components/chat/api";
import { CollapsibleText } from "@/components/chat/collapsible-text";
import { CopyButton } from "@/components/chat/copy-button";
import { EditBox, RegenerateButton } from "@/components/chat/turn-actions";
import type { ChatMessage } from "@/components/chat/use-chat-session";
import type { EstimateInput } from "@/components/chat/use-estimate";

const Markdown = lazy(() => import("@/components/chat/markdown").then((m) => ({ default: m.Markdown })));

export type TurnControls = {
  /** The model and output cap a new turn would use (null while unknown). */
  base: { model: string; maxOutputTokens?: number } | null;
  onRegenerate: () => void;
  onEdit: (text: string) => void;
};

export function MessageList({
  messages,
  waiting,
  streaming = false,
  busy = false,
  modelLabel = (id) => id,
  controls,
}: {
  messages: ChatMessage[];
  /** The request is sent and nothing has come back yet. */
  waiting: boolean;
  /** The last reply is streaming (its first token may not have come yet). */
  streaming?: boolean;
  /** A turn is running: no regenerate or edit until it ends. */
  busy?: boolean;
  modelLabel?: (id: string) => string;
  controls?: TurnControls;
}) {
  const end = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState(false);
  const last = messages.at(-1);
  const lastLength = last?.text.length ?? 0;
  useEffect(() => {
    void lastLength;
    end.current?.scrollIntoView({ block: "end" });
  }, [lastLength]);

  const lastUserIndex = messages.findLastIndex((m) => m.role === "user");
  const lastUser = messages[lastUserIndex];
  const before = messages
    .slice(0, lastUserIndex)
    .map((m) => ({ role: m.role, content: m.text }))
    .filter((m) => m.content !== "");
  const estimateInput: EstimateInput | null =
    controls?.base && lastUser && !busy ? { ...controls.base, history: before } : null;

  return (
    <ol className="mx-auto w-full max-w-3xl space-y-4 px-4 py-6" aria-label="Messages">
      {messages.map((m, i) => {
        const charged = m.metadata?.ptCharged;
        const status = m.metadata?.status;
        const isLastUser = i === lastUserIndex;
        if (m.role === "user")
          return (
            <li key={m.id} data-role="user" className="flex flex-col items-end gap-1">
              {isLastUser && editing && controls ? (
                <EditBox
                  initial={m.text}
                  estimateInput={estimateInput}
                  onCancel={() => setEditing(false)}
                  onSend={(text) => {
                    setEditing(false);
                    controls.onEdit(text);
                  }}
                />
              ) : (
                <>
                  <div className="max-w-[85%] rounded-2xl bg-brand-50 px-4 py-2" data-testid="user-message">
                    <CollapsibleText text={m.text} />
                  </div>
                  <div className="flex gap-1 text-xs text-slate-500">
                    <CopyButton text={m.text} label="Copy message" />
                    {isLastUser && controls && !busy && (
                      <button
                        type="button"
                        onClick={() => setEditing(true)}
                        className="rounded px-1.5 py-0.5 hover:underline"
                      >
                        Edit
                      </button>
                    )}
                  </div>
                </>
              )}
            </li>
          );
        const isLastReply = i === messages.length - 1 && i > lastUserIndex && lastUserIndex >= 0;
        const model = m.metadata?.model;
        return (
          <li key={m.id} data-role="assistant">
            <div
              className="rounded-2xl border border-slate-200 bg-page px-4 py-3"
              data-testid="assistant-message"
            >
              {streaming && m === last && m.text === "" ? (
                <p className="text-sm text-slate-500" aria-live="polite" data-testid="reply-pending">
                  Thinking…
                </p>
              ) : (
                <Suspense fallback={<p className="whitespace-pre-wrap leading-relaxed">{m.text}</p>}>
                  <Markdown text={m.text} />
                </Suspense>
              )}
              <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
                {charged !== undefined && (
                  <span data-testid="charge" data-pt={charged}>
                    −{formatPt(charged)}
                  </span>
                )}
                {model && <span data-testid="reply-model">{modelLabel(model)}</span>}
                {status === "aborted" && <span>Stopped</span>}
                {(status === "error" || m.error) && (
                  <span className="text-red-600">{m.error ?? "The model failed"}</span>
                )}
                {!(streaming && m === last) && (
                  <span className="ml-auto flex gap-1">
                    <CopyButton text={m.text} label="Copy reply" />
                    {isLastReply && controls && !busy && lastUser && (
                      <RegenerateButton
                        estimateInput={estimateInput}
                        question={lastUser.text}
                        onRegenerate={controls.onRegenerate}
                      />
                    )}
                  </span>
                )}
              </div>
            </div>
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
