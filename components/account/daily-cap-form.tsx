"use client";
// Sets or clears the user's own daily PT cap (PUT /api/chat/settings). The API is the validator:
// the form does not block submission natively (noValidate) so its field message shows inline.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Field, Notice, SubmitButton, useHydrated } from "@/components/auth/form-parts";
import { api, fieldErrors } from "@/lib/auth/client";

type Status = { tone: "error" | "success"; text: string } | null;
type Saved = { userDailyPtCap: string | null };

function group(value: string): string {
  return value.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function DailyCapForm({ ownCap, planCap }: { ownCap: string | null; planCap: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [value, setValue] = useState(ownCap ?? "");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<Status>(null);

  async function save(dailyPtCap: string | null) {
    setPending(true);
    setError(undefined);
    setStatus(null);
    const result = await api<Saved>("/api/chat/settings", { method: "PUT", body: { dailyPtCap } });
    setPending(false);
    if (!result.ok) {
      const field = fieldErrors(result.error).dailyPtCap;
      setError(field);
      setStatus(field ? null : { tone: "error", text: result.error.message });
      return;
    }
    const saved = result.data.userDailyPtCap;
    setValue(saved ?? "");
    setStatus({
      tone: "success",
      text:
        saved === null ? "Saved: your plan's cap applies." : `Saved: your daily cap is ${group(saved)} PT.`,
    });
    router.refresh();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A number input reports unparseable text ("-", "1e") as "": do not read that as "clear my cap".
    const input = event.currentTarget.elements.namedItem("dailyPtCap");
    if (input instanceof HTMLInputElement && input.validity.badInput) {
      setStatus(null);
      setError("A whole number of PT, at least 1.");
      return;
    }
    const trimmed = value.trim();
    void save(trimmed === "" ? null : trimmed);
  }

  return (
    <form method="post" noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Daily PT cap">
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      <div className="sm:max-w-xs">
        <Field
          label="Your daily cap (PT)"
          name="dailyPtCap"
          type="number"
          inputMode="numeric"
          min={1}
          max={planCap}
          step={1}
          placeholder={`Up to ${group(planCap)}`}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={error}
          hint="Leave empty to use your plan's cap."
        />
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <SubmitButton pending={pending} pendingText="Saving…">
          Save cap
        </SubmitButton>
        {ownCap !== null ? (
          <button
            type="button"
            disabled={pending || !hydrated}
            onClick={() => void save(null)}
            className="inline-flex w-full items-center justify-center rounded-lg border border-slate-300 px-4 py-2.5 font-semibold text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 disabled:opacity-60 sm:w-auto"
          >
            Remove my cap
          </button>
        ) : null}
      </div>
    </form>
  );
}
