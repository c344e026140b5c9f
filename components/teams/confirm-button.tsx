"use client";
// A button that asks first: a modal <dialog> (focus trapped, Escape cancels) naming what will
// happen, for the team page's destructive actions (remove, revoke, leave, transfer).
import { type ReactNode, useId, useRef } from "react";

export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  onConfirm,
  disabled,
  testId,
}: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  testId?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        data-testid={testId}
        onClick={() => dialog.current?.showModal()}
        className="rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 disabled:opacity-60"
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-page p-5 text-ink backdrop:bg-black/50"
      >
        <h3 id={titleId} className="text-lg font-semibold">
          {title}
        </h3>
        <div className="mt-2 text-slate-700">{children}</div>
        <form method="dialog" className="mt-4 flex flex-col gap-2 sm:flex-row sm:justify-end">
          <button
            type="submit"
            value="cancel"
            className="rounded-lg border border-slate-300 px-4 py-2 font-semibold text-slate-800 hover:bg-slate-50"
          >
            Cancel
          </button>
          <button
            type="submit"
            value="confirm"
            onClick={onConfirm}
            className="rounded-lg bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800"
          >
            {confirmLabel}
          </button>
        </form>
      </dialog>
    </>
  );
}
