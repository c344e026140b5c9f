"use client";
// The monthly budget on /account/chat: this month's usage against the budget as a bar (a <meter>),
// the money value of both at list price, the alerts already sent, and a form to set the budget and
// its hard stop (PUT /api/account/budget) or remove it after a confirmation (DELETE). The API is the
// validator: the field's message shows inline.
import { type FormEvent, useId, useRef, useState } from "react";
import { Field, Notice, SubmitButton, useHydrated } from "@/components/auth/form-parts";
import { api, fieldErrors } from "@/lib/auth/client";

/** GET /api/account/budget as JSON (PT as decimal strings). */
export type BudgetStatusWire = {
  month: string;
  spentPt: string;
  reservedPt: string;
  budget: { amountPt: string; hardStop: boolean; updatedAt: string } | null;
  alerts: { threshold: number; spentPt: string; createdAt: string }[];
  ptPerUsd: string;
};

const group = (pt: bigint | string) => String(pt).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const usdFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** n / d rounded half-even (BigInt: no float on the amount). */
function halfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twice = (n % d) * 2n;
  return twice > d || (twice === d && q % 2n === 1n) ? q + 1n : q;
}

/** Like lib/money formatPtValue: "$12.35" at list price; under a cent, "$0.0003". */
export function ptValue(pt: bigint, perUsd: bigint): string {
  const cents = halfEven(pt * 100n, perUsd);
  if (pt > 0n && cents === 0n) {
    const micros = halfEven(pt * 1_000_000n, perUsd);
    return micros === 0n ? "under $0.000001" : `$0.${micros.toString().padStart(6, "0").replace(/0+$/, "")}`;
  }
  const s = cents.toString().padStart(3, "0");
  return usdFormat.format(`${s.slice(0, -2)}.${s.slice(-2)}` as `${number}`);
}

function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

function UsageBar({ status }: { status: BudgetStatusWire }) {
  const perUsd = BigInt(status.ptPerUsd);
  const spent = BigInt(status.spentPt);
  const reserved = BigInt(status.reservedPt);
  const budget = status.budget ? BigInt(status.budget.amountPt) : null;
  const name = monthName(status.month);
  if (budget === null) {
    return (
      <p className="mb-4 rounded-lg border border-dashed border-slate-300 px-4 py-3 text-slate-700">
        No budget set. {name} (UTC) so far: <strong data-testid="budget-spent">{group(spent)} PT</strong> (
        {ptValue(spent, perUsd)}).
      </p>
    );
  }
  // Whole percent for the bar only; the figures beside it are exact.
  const percent = Number((spent * 100n) / budget);
  const width = Math.min(100, percent);
  const colour = percent >= 100 ? "bg-red-600" : percent >= 80 ? "bg-amber-500" : "bg-brand-600";
  return (
    <div className="mb-5 space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <p className="text-ink">
          <strong data-testid="budget-spent">{group(spent)} PT</strong> of{" "}
          <strong data-testid="budget-amount">{group(budget)} PT</strong> used in {name} (UTC)
        </p>
        <p className="text-sm text-slate-600">
          {ptValue(spent, perUsd)} of {ptValue(budget, perUsd)} at list price
        </p>
      </div>
      {/* The native meter for assistive technology; the drawn bar is decoration (same figures). */}
      <meter
        className="sr-only"
        aria-label="This month's usage of the budget"
        min={0}
        max={100}
        low={50}
        high={80}
        optimum={0}
        value={width}
        aria-valuetext={`${percent}% (${group(spent)} of ${group(budget)} PT)`}
      />
      <div
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
        aria-hidden="true"
        data-testid="budget-bar"
      >
        <div className={`h-3 rounded-full ${colour}`} style={{ width: `${width}%` }} />
      </div>
      <p className="text-sm text-slate-600">
        {percent}% used
        {reserved > 0n ? ` · ${group(reserved)} PT held by requests in progress` : ""}
        {status.alerts.length > 0
          ? ` · alerts sent this month: ${status.alerts.map((a) => `${a.threshold}%`).join(", ")}`
          : " · no alerts sent this month"}
      </p>
    </div>
  );
}

export function BudgetPanel({ initial }: { initial: BudgetStatusWire }) {
  const hydrated = useHydrated();
  const [status, setStatus] = useState(initial);
  const [value, setValue] = useState(initial.budget?.amountPt ?? "");
  const [hardStop, setHardStop] = useState(initial.budget?.hardStop ?? false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const perUsd = BigInt(status.ptPerUsd);
  const typed = /^[1-9][0-9]{0,15}$/.test(value.trim()) ? BigInt(value.trim()) : null;

  async function send(method: "PUT" | "DELETE") {
    setPending(true);
    setError(undefined);
    setNotice(null);
    const body = method === "PUT" ? { amountPt: value.trim(), hardStop } : undefined;
    const result = await api<BudgetStatusWire>("/api/account/budget", { method, body });
    setPending(false);
    if (!result.ok) {
      const field = fieldErrors(result.error).amountPt;
      setError(field);
      if (!field) setNotice({ tone: "error", text: result.error.message });
      return;
    }
    setStatus(result.data);
    setValue(result.data.budget?.amountPt ?? "");
    setHardStop(result.data.budget?.hardStop ?? false);
    setNotice({
      tone: "success",
      text: result.data.budget
        ? `Saved: your monthly budget is ${group(result.data.budget.amountPt)} PT${result.data.budget.hardStop ? ", with a hard stop" : ""}.`
        : "Budget removed.",
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("amountPt");
    if ((input instanceof HTMLInputElement && input.validity.badInput) || value.trim() === "") {
      setNotice(null);
      setError("A whole number of PT, at least 1.");
      return;
    }
    void send("PUT");
  }

  return (
    <div>
      <UsageBar status={status} />
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Monthly budget">
        {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
        <div className="sm:max-w-xs">
          <Field
            label="Monthly budget (PT)"
            name="amountPt"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            placeholder="e.g. 500000"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={error}
            hint={
              typed !== null
                ? `${ptValue(typed, perUsd)} at list price. Alerts at 50, 80 and 100\u00a0%.`
                : "Alerts by email, in the app and by webhook at 50, 80 and 100\u00a0%."
            }
          />
        </div>
        <label className="flex max-w-prose items-start gap-3 text-slate-800">
          <input
            type="checkbox"
            name="hardStop"
            checked={hardStop}
            onChange={(e) => setHardStop(e.currentTarget.checked)}
            className="mt-1 h-4 w-4 shrink-0 rounded border-slate-300"
          />
          <span>
            <span className="font-medium">Hard stop at 100&nbsp;%</span>
            <span className="block text-sm text-slate-600">
              Refuse chat and API requests that could take this month over the budget (in-progress requests
              count at their maximum until they finish).
            </span>
          </span>
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <SubmitButton pending={pending} pendingText="Saving…">
            Save budget
          </SubmitButton>
          {status.budget ? (
            <button
              type="button"
              disabled={pending || !hydrated}
              onClick={() => dialog.current?.showModal()}
              className="inline-flex w-full items-center justify-center rounded-lg border border-slate-300 px-4 py-2.5 font-semibold text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 disabled:opacity-60 sm:w-auto"
            >
              Remove budget
            </button>
          ) : null}
        </div>
      </form>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-page p-5 text-ink backdrop:bg-black/50"
      >
        <h3 id={titleId} className="text-lg font-semibold">
          Remove your monthly budget?
        </h3>
        <p className="mt-2 text-slate-700">
          No more budget alerts
          {status.budget?.hardStop ? ", and the hard stop no longer refuses requests" : ""}. Your usage is
          still recorded.
        </p>
        <form method="dialog" className="mt-4 flex flex-col gap-2 sm:flex-row sm:justify-end">
          <button
            type="submit"
            value="cancel"
            className="rounded-lg border border-slate-300 px-4 py-2 font-semibold text-slate-800 hover:bg-slate-50"
          >
            Keep it
          </button>
          <button
            type="submit"
            value="remove"
            onClick={() => void send("DELETE")}
            className="rounded-lg bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800"
          >
            Remove budget
          </button>
        </form>
      </dialog>
    </div>
  );
}
