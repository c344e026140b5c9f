"use client";
// Auto top-up on the billing page: on/off, the threshold, the pack and the daily maximum, why it
// was turned off (a failed charge) or cannot be turned on, and the latest charges.
// GET/PUT /api/billing/auto-topup; the API validates and its field messages show inline.
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError } from "@/components/api-client";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { callApi, groupedPt } from "@/components/billing/api";

type Settings = {
  enabled: boolean;
  thresholdPt: string | null;
  pack: string | null;
  maxPerDay: number;
  offReason: string | null;
  unavailable: string | null;
  charges: { id: string; pack: string; status: string; error: string | null; createdAt: string }[];
  packs: { id: string; name: string; pt: string; price: string }[];
};

const STATUS: Record<string, string> = {
  queued: "Queued",
  submitted: "Charged, waiting for the payment",
  succeeded: "Credited",
  failed: "Failed",
};

/** endpoint: the user's (default) or a team's (/api/teams/:id/billing/auto-topup), same shape. */
export function AutoTopUpPanel({ endpoint = "/api/billing/auto-topup" }: { endpoint?: string } = {}) {
  const [data, setData] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState({ enabled: false, thresholdPt: "", pack: "small", maxPerDay: "1" });
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  const show = useCallback((s: Settings) => {
    setData(s);
    setForm({
      enabled: s.enabled,
      thresholdPt: s.thresholdPt ?? "",
      pack: s.pack ?? s.packs[0]?.id ?? "small",
      maxPerDay: String(s.maxPerDay),
    });
  }, []);
  useEffect(() => {
    callApi<Settings>(endpoint)
      .then(show)
      .catch((e: unknown) => {
        // Signed out: the dashboard above already says so.
        if (!(e instanceof ApiError && e.status === 401)) setLoadError("Could not load auto top-up.");
      });
  }, [show, endpoint]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    setStatus(null);
    try {
      const saved = await callApi<Settings>(endpoint, {
        method: "PUT",
        body: {
          enabled: form.enabled,
          thresholdPt: form.thresholdPt.trim(),
          pack: form.pack,
          maxPerDay: Number(form.maxPerDay),
        },
      });
      show(saved);
      setStatus({
        tone: "success",
        text: saved.enabled ? "Saved: auto top-up is on." : "Saved: auto top-up is off.",
      });
    } catch (e) {
      const details =
        e instanceof ApiError ? (e.details as { path?: string; message: string }[] | undefined) : undefined;
      const fields: Record<string, string> = {};
      for (const d of Array.isArray(details) ? details : []) if (d.path) fields[String(d.path)] = d.message;
      setErrors(fields);
      setStatus(
        Object.keys(fields).length
          ? null
          : { tone: "error", text: e instanceof Error ? e.message : "Could not save." },
      );
    } finally {
      setPending(false);
    }
  }

  if (loadError) return <p className="text-red-700">{loadError}</p>;
  if (!data) return <p className="text-slate-500">Loading auto top-up…</p>;
  const pack = data.packs.find((p) => p.id === form.pack);
  return (
    <form method="post" noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Auto top-up">
      {data.offReason ? (
        <Notice tone="error">Auto top-up was turned off after a failed charge: {data.offReason}</Notice>
      ) : null}
      {data.unavailable ? <Notice tone="info">{data.unavailable}</Notice> : null}
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      <label className="flex items-center gap-2 text-slate-800">
        <input
          type="checkbox"
          name="enabled"
          checked={form.enabled}
          disabled={Boolean(data.unavailable) && !data.enabled}
          onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })}
          className="h-4 w-4 rounded border-slate-300"
        />
        Turn on auto top-up
      </label>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label="When available PT falls below"
          name="thresholdPt"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          placeholder="e.g. 20000"
          value={form.thresholdPt}
          onChange={(e) => setForm({ ...form, thresholdPt: e.currentTarget.value })}
          error={errors.thresholdPt}
        />
        <div className="space-y-1">
          <label htmlFor="field-pack" className="block text-sm font-medium text-slate-800">
            Buy
          </label>
          <select
            id="field-pack"
            name="pack"
            value={form.pack}
            onChange={(e) => setForm({ ...form, pack: e.currentTarget.value })}
            className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-base text-ink"
          >
            {data.packs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}: {groupedPt(p.pt)} PT for {p.price}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="At most, per day"
          name="maxPerDay"
          type="number"
          inputMode="numeric"
          min={1}
          max={10}
          step={1}
          value={form.maxPerDay}
          onChange={(e) => setForm({ ...form, maxPerDay: e.currentTarget.value })}
          error={errors.maxPerDay}
        />
      </div>
      {form.enabled && pack ? (
        <p className="text-sm text-slate-700" data-testid="auto-topup-summary">
          Your saved card is charged {pack.price} for {groupedPt(pack.pt)} PT each time your available balance
          drops below {form.thresholdPt ? groupedPt(form.thresholdPt) : "the threshold"} PT, at most{" "}
          {form.maxPerDay || "1"} time(s) a day (UTC). You get an email each time.
        </p>
      ) : null}
      <SubmitButton pending={pending} pendingText="Saving…">
        Save auto top-up
      </SubmitButton>
      {data.charges.length ? (
        <ul className="divide-y divide-slate-200 text-sm" aria-label="Latest auto top-ups">
          {data.charges.map((c) => (
            <li key={c.id} className="flex flex-wrap justify-between gap-2 py-2">
              <span>
                {new Date(c.createdAt).toLocaleString()} · {c.pack}
              </span>
              <span className={c.status === "failed" ? "text-red-700" : "text-slate-700"}>
                {STATUS[c.status] ?? c.status}
                {c.error && c.status === "failed" ? `: ${c.error}` : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
