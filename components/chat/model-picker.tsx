"use client";
// Model picker: each model with its typical price per message; locked models show the plan that
// unlocks them and an upgrade link instead of being selectable.
import type { ModelListing } from "@/components/chat/api";
import { formatPt } from "@/components/chat/api";

export function ModelPicker({
  models,
  value,
  onChange,
}: {
  models: ModelListing[];
  value: string;
  onChange: (id: string) => void;
}) {
  const locked = models.filter((m) => m.locked);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="model" className="font-medium text-slate-700">
        Model
      </label>
      <select
        id="model"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="min-w-0 max-w-full rounded-md border border-slate-300 bg-page px-2 py-1"
      >
        {models.map((m) => (
          <option key={m.id} value={m.id} disabled={m.locked}>
            {m.label} — ~{formatPt(m.typicalMessagePt)}/message
            {m.locked ? ` (needs ${m.unlockPlans?.[0] ?? "upgrade"})` : ""}
          </option>
        ))}
      </select>
      {locked.length > 0 && (
        <a
          href={`/billing?plan=${locked[0]?.unlockPlans?.[0] ?? "pro"}`}
          className="text-brand-600 underline"
        >
          Unlock {locked.length} more model{locked.length > 1 ? "s" : ""}
        </a>
      )}
    </div>
  );
}
