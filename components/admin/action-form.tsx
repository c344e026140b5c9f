"use client";
// One small form for every admin (and dispute) action: labelled fields posted as JSON to an API
// route; destructive actions ask first in a modal dialog; a 409 "large_change" answer (pricing)
// shows the warning and a button that re-sends with confirmLargeChange. After success the fields
// are cleared and the idempotency key renewed: a second click cannot re-apply the same values, and
// what is typed next is a new action. Refreshes the page after.
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useRef, useState } from "react";
import { Notice, useHydrated } from "@/components/auth/form-parts";

export type FieldSpec = {
  name: string;
  label: string;
  type?: "text" | "textarea" | "select" | "checkbox" | "datetime-local";
  options?: string[];
  required?: boolean;
  placeholder?: string;
  defaultValue?: string;
  /** Height of a textarea (default 2). */
  rows?: number;
  hint?: string;
};

type Props = {
  action: string;
  submitLabel: string;
  fields?: FieldSpec[];
  /** Fixed values sent with the fields. */
  extra?: Record<string, unknown>;
  /** Ask in a dialog first. */
  confirm?: string;
  /** Ask only when this field's value is negative (e.g. a PT debit). */
  confirmNegative?: { field: string; message: string };
  /** Sends a fresh idempotency key per mount as `key` (a double submit acts once). */
  idempotent?: boolean;
  tone?: "primary" | "danger";
};

function readValues(form: HTMLFormElement, fields: FieldSpec[]): Record<string, unknown> {
  const data = new FormData(form);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === "checkbox") out[f.name] = data.get(f.name) === "on";
    else {
      const v = String(data.get(f.name) ?? "").trim();
      if (v !== "") out[f.name] = f.type === "datetime-local" ? new Date(v).toISOString() : v;
    }
  }
  return out;
}

export function ActionForm(props: Props) {
  const { action, submitLabel, fields = [], extra, confirm, confirmNegative, idempotent, tone } = props;
  const router = useRouter();
  const hydrated = useHydrated();
  const id = useId();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success" | "info"; text: string } | null>(null);
  const [question, setQuestion] = useState<string | null>(null);
  const [needsConfirm, setNeedsConfirm] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const payload = useRef<Record<string, unknown>>({});

  async function send(body: Record<string, unknown>) {
    setPending(true);
    setMessage(null);
    try {
      const res = await fetch(action, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => ({}))) as {
        error?: { message?: string; details?: { reason?: string } | { path: string; message: string }[] };
      };
      if (res.ok) {
        setNeedsConfirm(false);
        formRef.current?.reset();
        setKey(crypto.randomUUID());
        setMessage({ tone: "success", text: "Done." });
        router.refresh();
      } else if (
        res.status === 409 &&
        !Array.isArray(json.error?.details) &&
        json.error?.details?.reason === "large_change"
      ) {
        setNeedsConfirm(true);
        setMessage({ tone: "info", text: json.error?.message ?? "Confirm this change." });
      } else {
        const issues = Array.isArray(json.error?.details)
          ? json.error.details.map((d) => `${d.path}: ${d.message}`).join("; ")
          : "";
        setMessage({
          tone: "error",
          text: [json.error?.message ?? "Failed.", issues].filter(Boolean).join(" "),
        });
      }
    } finally {
      setPending(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body: Record<string, unknown> = {
      ...extra,
      ...readValues(event.currentTarget, fields),
      ...(idempotent ? { key } : {}),
    };
    payload.current = body;
    const negative = confirmNegative && String(body[confirmNegative.field] ?? "").startsWith("-");
    const ask = negative ? confirmNegative.message : (confirm ?? null);
    if (ask) {
      setQuestion(ask);
      dialog.current?.showModal();
      return;
    }
    void send(body);
  }

  const button =
    tone === "danger"
      ? "rounded-lg bg-red-700 px-3 py-2 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-60"
      : "rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60";
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-2" aria-label={submitLabel}>
      {fields.map((f) => (
        <div key={f.name} className={f.type === "checkbox" ? "flex items-center gap-2" : "space-y-1"}>
          <label htmlFor={`${id}-${f.name}`} className="block text-sm font-medium text-slate-800">
            {f.label}
          </label>
          {f.type === "textarea" ? (
            <textarea
              id={`${id}-${f.name}`}
              name={f.name}
              required={f.required}
              placeholder={f.placeholder}
              defaultValue={f.defaultValue}
              rows={f.rows ?? 2}
              className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
            />
          ) : f.type === "select" ? (
            <select
              id={`${id}-${f.name}`}
              name={f.name}
              defaultValue={f.defaultValue}
              className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
            >
              {f.options?.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${id}-${f.name}`}
              name={f.name}
              type={f.type ?? "text"}
              required={f.required}
              placeholder={f.placeholder}
              defaultValue={f.defaultValue}
              className={
                f.type === "checkbox"
                  ? "h-4 w-4"
                  : "block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
              }
            />
          )}
          {f.hint ? <p className="text-xs text-slate-600">{f.hint}</p> : null}
        </div>
      ))}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          disabled={pending || !hydrated}
          aria-busy={pending || undefined}
          className={button}
        >
          {pending ? "Working…" : submitLabel}
        </button>
        {needsConfirm ? (
          <button
            type="button"
            disabled={pending}
            onClick={() => void send({ ...payload.current, confirmLargeChange: true })}
            className="rounded-lg bg-amber-600 px-3 py-2 text-sm font-semibold text-white"
          >
            Confirm large change
          </button>
        ) : null}
      </div>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-q`}
        className="rounded-xl p-6 shadow-xl backdrop:bg-black/40"
      >
        <p id={`${id}-q`} className="mb-4 max-w-sm text-ink">
          {question}
        </p>
        <div className="flex justify-end gap-2">
          <button
            type="button"
            onClick={() => dialog.current?.close()}
            className="rounded-lg border border-slate-300 px-3 py-2 text-sm"
          >
            Cancel
          </button>
          <button
            type="button"
            onClick={() => {
              dialog.current?.close();
              void send(payload.current);
            }}
            className="rounded-lg bg-red-700 px-3 py-2 text-sm font-semibold text-white"
          >
            Yes, {submitLabel.toLowerCase()}
          </button>
        </div>
      </dialog>
    </form>
  );
}
