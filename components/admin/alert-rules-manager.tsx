"use client";
// Admins' custom alert rules (/api/admin/alert-rules): each rule as a card with its condition in
// words, Enable/Disable, Edit (the same form inline) and Delete after a confirmation dialog; a form
// to add one. The API validates (one zod schema): field errors show beside their field.
import { useId, useRef, useState } from "react";
import { ruleButton as button, RuleForm, type RuleWire } from "@/components/admin/alert-rule-form";
import { Notice } from "@/components/auth/form-parts";
import { COMPARATOR_SYMBOL, formatMetricValue, METRIC_INFO } from "@/lib/alerts/metrics";
import { api } from "@/lib/auth/client";

export function conditionText(r: RuleWire): string {
  const filters = [r.provider && `provider ${r.provider}`, r.model && `model ${r.model}`].filter(Boolean);
  return `${METRIC_INFO[r.metric].label} in a day${filters.length ? ` (${filters.join(", ")})` : ""} ${COMPARATOR_SYMBOL[r.comparator]} ${formatMetricValue(r.metric, BigInt(r.threshold))}`;
}

function RuleCard({
  rule,
  providers,
  models,
  onChange,
}: {
  rule: RuleWire;
  providers: string[];
  models: string[];
  onChange: (r: RuleWire | null) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  async function act(method: "PATCH" | "DELETE", body?: unknown) {
    setBusy(true);
    setError(null);
    const result = await api<{ rule?: RuleWire }>(`/api/admin/alert-rules/${rule.id}`, { method, body });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onChange(method === "DELETE" ? null : (result.data.rule ?? rule));
  }
  if (editing)
    return (
      <li className="rounded-lg border border-slate-200 p-4" data-testid="alert-rule">
        <RuleForm
          rule={rule}
          providers={providers}
          models={models}
          onCancel={() => setEditing(false)}
          onSaved={(r) => {
            setEditing(false);
            onChange(r);
          }}
        />
      </li>
    );
  return (
    <li className="rounded-lg border border-slate-200 p-4" data-testid="alert-rule">
      <p className="font-semibold text-ink">{rule.name}</p>
      <p className="text-sm text-slate-700">{conditionText(rule)}</p>
      <p className={`mt-1 text-sm ${rule.enabled ? "text-green-700" : "text-slate-600"}`}>
        {rule.enabled ? "Enabled" : "Disabled"}
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={() => void act("PATCH", { enabled: !rule.enabled })}
          className={`${button} bg-slate-100 text-ink`}
        >
          {rule.enabled ? "Disable" : "Enable"}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => setEditing(true)}
          className={`${button} bg-slate-100 text-ink`}
        >
          Edit
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => dialog.current?.showModal()}
          className={`${button} text-red-700 hover:bg-red-50`}
        >
          Delete
        </button>
      </div>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-page p-5 text-ink backdrop:bg-black/50"
      >
        <h3 id={titleId} className="text-lg font-semibold">
          Delete the rule “{rule.name}”?
        </h3>
        <p className="mt-2 text-slate-700">It stops being evaluated. Alerts it already sent stay listed.</p>
        <form method="dialog" className="mt-4 flex flex-col gap-2 sm:flex-row sm:justify-end">
          <button
            type="submit"
            className="rounded-lg border border-slate-300 px-4 py-2 font-semibold text-slate-800"
          >
            Keep it
          </button>
          <button
            type="submit"
            onClick={() => void act("DELETE")}
            className="rounded-lg bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800"
          >
            Delete rule
          </button>
        </form>
      </dialog>
    </li>
  );
}

export function AlertRulesManager({
  initial,
  providers,
  models,
}: {
  initial: RuleWire[];
  providers: string[];
  models: string[];
}) {
  const [rules, setRules] = useState(initial);
  const replace = (id: string) => (next: RuleWire | null) =>
    setRules((list) => (next ? list.map((r) => (r.id === id ? next : r)) : list.filter((r) => r.id !== id)));
  return (
    <div className="space-y-6">
      {rules.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-4 text-slate-700">
          No rules yet. Add one below, e.g. “Provider cost in a day (provider openai) &gt; $50”.
        </p>
      ) : (
        <ul className="space-y-3" aria-label="Alert rules">
          {rules.map((r) => (
            <RuleCard key={r.id} rule={r} providers={providers} models={models} onChange={replace(r.id)} />
          ))}
        </ul>
      )}
      <div className="rounded-lg border border-slate-200 p-4">
        <h3 className="mb-3 font-semibold text-ink">Add a rule</h3>
        <RuleForm providers={providers} models={models} onSaved={(r) => setRules((list) => [...list, r])} />
      </div>
    </div>
  );
}
