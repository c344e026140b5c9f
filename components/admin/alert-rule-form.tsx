"use client";
// The form of one custom alert rule, for adding (POST /api/admin/alert-rules) and editing (PATCH
// /api/admin/alert-rules/:id): metric, comparison, threshold in the metric's unit, optional provider
// and model filters (suggested from the price list). The API validates; field errors show inline.
import { type FormEvent, useId, useState } from "react";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import {
  ALERT_COMPARATORS,
  ALERT_METRICS,
  type AlertComparatorName,
  type AlertMetricName,
  COMPARATOR_SYMBOL,
  METRIC_INFO,
  thresholdText,
} from "@/lib/alerts/metrics";
import { api, fieldErrors } from "@/lib/auth/client";

export type RuleWire = {
  id: string;
  name: string;
  metric: AlertMetricName;
  provider: string | null;
  model: string | null;
  comparator: AlertComparatorName;
  threshold: string;
  enabled: boolean;
};

export const ruleButton =
  "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:ring-2 focus-visible:ring-brand-600";
const select = "block w-full rounded-lg border border-slate-300 bg-page px-3 py-2 text-base text-ink";

export function RuleForm({
  rule,
  providers,
  models,
  onSaved,
  onCancel,
}: {
  rule?: RuleWire;
  providers: string[];
  models: string[];
  onSaved: (r: RuleWire) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [metric, setMetric] = useState<AlertMetricName>(rule?.metric ?? "provider_cost");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const text = (k: string) => String(form.get(k) ?? "").trim();
    const body = {
      name: text("name"),
      metric,
      comparator: text("comparator"),
      threshold: text("threshold"),
      provider: text("provider") || null,
      model: text("model") || null,
      ...(rule ? {} : { enabled: form.get("enabled") === "on" }),
    };
    setPending(true);
    setErrors({});
    setStatus(null);
    const result = await api<{ rule: RuleWire }>(
      rule ? `/api/admin/alert-rules/${rule.id}` : "/api/admin/alert-rules",
      {
        method: rule ? "PATCH" : "POST",
        body,
      },
    );
    setPending(false);
    if (!result.ok) {
      setErrors(fieldErrors(result.error));
      setStatus(result.error.message);
      return;
    }
    if (!rule) element.reset();
    onSaved(result.data.rule);
  }

  const info = METRIC_INFO[metric];
  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="space-y-3"
      aria-label={rule ? `Edit rule ${rule.name}` : "Add an alert rule"}
    >
      {status ? <Notice tone="error">{status}</Notice> : null}
      <Field
        label="Name"
        name="name"
        id={`${id}-name`}
        defaultValue={rule?.name}
        maxLength={100}
        required
        error={errors.name}
      />
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="block text-sm font-medium text-slate-800">
          Metric
          <select
            name="metric"
            value={metric}
            onChange={(e) => setMetric(e.currentTarget.value as AlertMetricName)}
            className={`mt-1 ${select}`}
          >
            {ALERT_METRICS.map((m) => (
              <option key={m} value={m}>
                {METRIC_INFO[m].label} ({METRIC_INFO[m].unit})
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium text-slate-800">
          Comparison
          <select name="comparator" defaultValue={rule?.comparator ?? "gt"} className={`mt-1 ${select}`}>
            {ALERT_COMPARATORS.map((c) => (
              <option key={c} value={c}>
                {COMPARATOR_SYMBOL[c]} ({c})
              </option>
            ))}
          </select>
        </label>
        <Field
          label={`Threshold (${info.unit})`}
          name="threshold"
          id={`${id}-threshold`}
          inputMode="decimal"
          defaultValue={rule ? thresholdText(rule.metric, BigInt(rule.threshold)) : ""}
          placeholder={info.example}
          hint={info.hint}
          error={errors.threshold}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Provider (optional)"
          name="provider"
          id={`${id}-provider`}
          list={`${id}-providers`}
          defaultValue={rule?.provider ?? ""}
          hint="Only this provider's usage"
          error={errors.provider}
        />
        <Field
          label="Model (optional)"
          name="model"
          id={`${id}-model`}
          list={`${id}-models`}
          defaultValue={rule?.model ?? ""}
          hint="Only this model's usage"
          error={errors.model}
        />
        <datalist id={`${id}-providers`}>
          {providers.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <datalist id={`${id}-models`}>
          {models.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </div>
      {rule ? null : (
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="enabled" defaultChecked className="h-4 w-4" /> Enabled
        </label>
      )}
      <div className="flex flex-col gap-2 sm:flex-row">
        <SubmitButton pending={pending} pendingText="Saving…">
          {rule ? "Save rule" : "Add rule"}
        </SubmitButton>
        {onCancel ? (
          <button
            type="button"
            onClick={onCancel}
            className={`${ruleButton} border border-slate-300 text-slate-800`}
          >
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
