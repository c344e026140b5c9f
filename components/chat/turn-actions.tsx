"use client";
// The actions that start a new metered turn from the conversation itself: regenerate the last
// reply, and edit-and-resend the last message. Each shows its own worst-case estimate first, as
// the composer does, since each is charged as a new turn.
import { useState } from "react";
import { formatPt } from "@/components/chat/api";
import type { EstimateInput } from "@/components/chat/use-estimate";
import { useEstimate } from "@/components/chat/use-estimate";

export function RegenerateButton({
  estimateInput,
  question,
  onRegenerate,
}: {
  /** The history before the question, the model and its output cap. */
  estimateInput: EstimateInput | null;
  /** The last user message: what is answered again. */
  question: string;
  onRegenerate: () => void;
}) {
  const estimate = useEstimate(estimateInput, question);
  return (
    <button
      type="button"
      onClick={onRegenerate}
      className="rounded px-1.5 py-0.5 hover:underline"
      data-testid="regenerate"
      data-estimate={estimate ?? undefined}
    >
      Regenerate{estimate ? ` · ≈ ${formatPt(estimate)}` : ""}
    </button>
  );
}

export function EditBox({
  initial,
  estimateInput,
  onSend,
  onCancel,
}: {
  initial: string;
  estimateInput: EstimateInput | null;
  onSend: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const estimate = useEstimate(estimateInput, text);
  const message = text.trim();
  return (
    <form
      className="w-full max-w-[85%] rounded-2xl border border-slate-300 bg-page p-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (message) onSend(message);
      }}
    >
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") onCancel();
        }}
        rows={Math.min(10, Math.max(2, text.split("\n").length))}
        maxLength={8000}
        aria-label="Edit message"
        // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this message
        autoFocus
        className="w-full resize-none rounded-lg border border-slate-300 bg-page px-3 py-2"
      />
      <div className="mt-1 flex flex-wrap items-center justify-end gap-2 text-sm">
        <span className="mr-auto text-xs text-slate-500" data-testid="edit-estimate" aria-live="polite">
          {estimate ? `≈ ${formatPt(estimate)} at most, as a new message` : " "}
        </span>
        <button
          type="button"
          onClick={onCancel}
          className="rounded-lg px-3 py-1.5 text-slate-700 hover:bg-slate-100"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={!message || message === initial.trim()}
          className="rounded-lg bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
        >
          Send edit
        </button>
      </div>
    </form>
  );
}
