"use client";
// Sets or turns off a low-balance alert (PUT /api/account/low-balance, or a team pool's route). The API is the
// validator: the form does not block submission natively (noValidate) so its message shows inline.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Field, Notice, SubmitButton, useHydrated } from "@/components/auth/form-parts";
import { api, fieldErrors } from "@/lib/auth/client";

type Status = { tone: "error" | "success"; text: string } | null;
type Saved = { thresholdPt: string | null };

function group(value: string): string {
  return value.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function LowBalanceForm({
  threshold,
  endpoint = "/api/account/low-balance",
  subject = "you are",
}: {
  threshold: string | null;
  /** The route that saves it: the user's own alert, or a team pool's (/api/teams/:id/billing/low-balance). */
  endpoint?: string;
  /** Who is told, in the confirmation ("you are", "the team's owners and admins are"). */
  subject?: string;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [value, setValue] = useState(threshold ?? "");
  const [current, setCurrent] = useState(threshold);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<Status>(null);

  async function save(thresholdPt: string | null) {
    setPending(true);
    setError(undefined);
    setStatus(null);
    const result = await api<Saved>(endpoint, { method: "PUT", body: { thresholdPt } });
    setPending(false);
    if (!result.ok) {
      const field = fieldErrors(result.error).thresholdPt;
      setError(field);
      setStatus(field ? null : { tone: "error", text: result.error.message });
      return;
    }
    const saved = result.data.thresholdPt;
    setValue(saved ?? "");
    setCurrent(saved);
    setStatus({
      tone: "success",
      text:
        saved === null
          ? "Saved: the low-balance alert is off."
          : `Saved: ${subject} told when less than ${group(saved)} PT is available.`,
    });
    router.refresh();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("thresholdPt");
    const trimmed = value.trim();
    if ((input instanceof HTMLInputElement && input.validity.badInput) || trimmed === "") {
      setStatus(null);
      setError("A whole number of PT, at least 1.");
      return;
    }
    void save(trimmed);
  }

  return (
    <form method="post" noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Low-balance alert">
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      <div className="sm:max-w-xs">
        <Field
          label="Alert below (PT)"
          name="thresholdPt"
          // Its own id: the team billing page also holds the auto top-up form's thresholdPt field.
          id="low-balance-threshold"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          placeholder="e.g. 10000"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={error}
          hint={current === null ? "Off: set a threshold to be told." : "Saving again re-arms the alert."}
        />
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <SubmitButton pending={pending} pendingText="Saving…">
          Save alert
        </SubmitButton>
        {current !== null ? (
          <button
            type="button"
            disabled={pending || !hydrated}
            onClick={() => void save(null)}
            className="inline-flex w-full items-center justify-center rounded-lg border border-slate-300 px-4 py-2.5 font-semibold text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 disabled:opacity-60 sm:w-auto"
          >
            Turn off
          </button>
        ) : null}
      </div>
    </form>
  );
}
