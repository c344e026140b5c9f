// Shared admin page parts: the section nav, a page header, a responsive table wrapper, a filter
// form (plain GET, so filters are server-side searchParams) and a "next page" cursor link.
import Link from "next/link";
import type { ReactNode } from "react";

const SECTIONS = [
  ["/admin", "Overview"],
  ["/admin/users", "Users"],
  ["/admin/disputes", "Disputes"],
  ["/admin/reconciliation", "Reconciliation"],
  ["/admin/alerts", "Alerts"],
  ["/admin/webhooks", "Webhooks"],
  ["/admin/webhooks-out", "Outgoing webhooks"],
  ["/admin/emails", "Emails"],
  ["/admin/pricing", "Pricing"],
  ["/admin/refunds", "Refunds"],
  ["/admin/api-requests", "API requests"],
  ["/admin/audit", "Audit log"],
  ["/admin/privacy", "Privacy"],
  ["/admin/flags", "Feature flags"],
  ["/admin/settings", "Settings"],
] as const;

export function AdminPage({
  title,
  active,
  children,
}: {
  title: string;
  active: string;
  children: ReactNode;
}) {
  return (
    <>
      <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-1">
        {SECTIONS.map(([href, label]) => (
          <Link
            key={href}
            href={href}
            aria-current={active === href ? "page" : undefined}
            className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white dark:aria-[current=page]:text-slate-50"
          >
            {label}
          </Link>
        ))}
      </nav>
      <h1 className="mb-6 text-2xl font-bold text-ink">{title}</h1>
      <div className="space-y-8">{children}</div>
    </>
  );
}

export function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">{children}</tbody>
      </table>
    </div>
  );
}

export const td = "px-3 py-2";

export type FilterField = { name: string; label: string; value?: string; options?: string[] };

export function FilterForm({ fields, label }: { fields: FilterField[]; label: string }) {
  return (
    <search aria-label={label}>
      <form method="get" className="flex flex-wrap items-end gap-3">
        {fields.map((f) => (
          <div key={f.name} className="space-y-1">
            <label htmlFor={`filter-${f.name}`} className="block text-sm font-medium text-slate-800">
              {f.label}
            </label>
            {f.options ? (
              <select
                id={`filter-${f.name}`}
                name={f.name}
                defaultValue={f.value ?? ""}
                className="rounded-lg border border-slate-300 px-3 py-2 text-sm"
              >
                <option value="">any</option>
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`filter-${f.name}`}
                name={f.name}
                defaultValue={f.value ?? ""}
                className="rounded-lg border border-slate-300 px-3 py-2 text-sm"
              />
            )}
          </div>
        ))}
        <button type="submit" className="rounded-lg bg-slate-900 px-3 py-2 text-sm font-semibold text-white">
          Filter
        </button>
      </form>
    </search>
  );
}

/** Link to the next page: the current filters plus the cursor. */
export function NextPage({
  path,
  params,
  cursor,
}: {
  path: string;
  params: Record<string, string | undefined>;
  cursor: string | null;
}) {
  if (!cursor) return null;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v && k !== "cursor") query.set(k, v);
  query.set("cursor", cursor);
  return (
    <Link href={`${path}?${query}`} className="text-sm font-medium text-brand-700 underline">
      Next page
    </Link>
  );
}

export function when(d: Date | null | undefined): string {
  return d ? d.toISOString().replace("T", " ").slice(0, 16) : "—";
}

export function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** A single searchParam as a string (first value), or undefined. */
export function param(sp: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = sp[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
}
