"use client";
// The confirmation page's button: one POST to the one-click endpoint (the same one mail clients
// call). Before hydration or without scripts the form posts natively, and the endpoint sends the
// browser back to the page, done.
import { type FormEvent, useState } from "react";
import { Notice } from "@/components/auth/form-parts";
import { api } from "@/lib/auth/client";

export function UnsubscribeConfirm({ token, label }: { token: string; label: string }) {
  const [state, setState] = useState<"idle" | "pending" | "done">("idle");
  const [error, setError] = useState<string | null>(null);
  const action = `/api/email/unsubscribe?${new URLSearchParams({ token })}`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState("pending");
    setError(null);
    const result = await api<{ unsubscribed: true }>(action, { method: "POST", body: {} });
    if (result.ok) setState("done");
    else {
      setState("idle");
      setError(result.error.message);
    }
  }

  if (state === "done")
    return (
      <Notice tone="success">
        Done: you will no longer receive {label.toLowerCase()} emails. Security emails still reach you.
      </Notice>
    );
  return (
    <form method="post" action={action} onSubmit={onSubmit} aria-label="Unsubscribe" className="space-y-3">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <input type="hidden" name="List-Unsubscribe" value="One-Click" />
      <button
        type="submit"
        disabled={state === "pending"}
        aria-busy={state === "pending" || undefined}
        className="inline-flex w-full items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 font-semibold text-white shadow-sm hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 disabled:opacity-60 sm:w-auto"
      >
        {state === "pending" ? "Unsubscribing…" : `Unsubscribe from ${label.toLowerCase()}`}
      </button>
    </form>
  );
}
