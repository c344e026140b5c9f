"use client";
// Email preferences: one switch per category, saved as soon as it changes. Essential categories
// (security, account problems) are shown checked and locked: they cannot be turned off.
import { useState } from "react";
import { Notice, useHydrated } from "@/components/auth/form-parts";
import { api } from "@/lib/auth/client";

export type EmailPreferenceRow = {
  category: string;
  label: string;
  description: string;
  essential: boolean;
  enabled: boolean;
};

type Status = { tone: "error" | "success"; text: string } | null;

export function EmailPreferencesForm({ initial }: { initial: EmailPreferenceRow[] }) {
  const [rows, setRows] = useState(initial);
  const [pending, setPending] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const hydrated = useHydrated();

  async function toggle(category: string, enabled: boolean) {
    const before = rows;
    // The box follows the click at once; a refused save puts it back and says why.
    setRows(rows.map((r) => (r.category === category ? { ...r, enabled } : r)));
    setPending(category);
    setStatus(null);
    const result = await api<{ preferences: EmailPreferenceRow[] }>("/api/account/email-preferences", {
      method: "PUT",
      body: { [category]: enabled },
    });
    setPending(null);
    if (result.ok) {
      setRows(result.data.preferences);
      const row = result.data.preferences.find((r) => r.category === category);
      setStatus({ tone: "success", text: `${row?.label ?? "Emails"}: ${enabled ? "on" : "off"}. Saved.` });
    } else {
      setRows(before);
      setStatus({ tone: "error", text: result.error.message });
    }
  }

  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="sr-only">Emails we send you</legend>
        <ul className="divide-y divide-slate-200">
          {rows.map((row) => {
            const id = `email-pref-${row.category}`;
            return (
              <li key={row.category} className="flex items-start gap-3 py-3">
                <input
                  id={id}
                  type="checkbox"
                  name={row.category}
                  checked={row.enabled}
                  disabled={row.essential || pending !== null || !hydrated}
                  aria-describedby={`${id}-desc`}
                  onChange={(e) => void toggle(row.category, e.currentTarget.checked)}
                  className="mt-1 h-4 w-4 shrink-0 accent-brand-600"
                />
                <div className="min-w-0">
                  <label htmlFor={id} className="font-medium text-ink">
                    {row.label}
                    {row.essential ? (
                      <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600">
                        always on
                      </span>
                    ) : null}
                    {pending === row.category ? (
                      <span className="ml-2 text-xs font-normal text-slate-500">Saving…</span>
                    ) : null}
                  </label>
                  <p id={`${id}-desc`} className="text-sm text-slate-600">
                    {row.description}
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div aria-live="polite">{status ? <Notice tone={status.tone}>{status.text}</Notice> : null}</div>
    </div>
  );
}
