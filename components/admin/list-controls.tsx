// The filter and sort form above an admin list: a plain GET form (works without JavaScript, keeps
// the state in the URL), so filtering and sorting happen on the server. Sorting is also here, not
// only in the column headers, because on a phone the headers are folded into each row's card.
import Link from "next/link";
import { PAGE_SIZES } from "@/lib/admin/list-query";

export type ControlField = {
  name: string;
  label: string;
  value?: string;
  /** [value, label] pairs; a select with "Any" first. Without options: a text input. */
  options?: readonly (readonly [string, string])[];
};

type Props = {
  label: string;
  basePath: string;
  fields: ControlField[];
  sorts: readonly (readonly [string, string])[];
  sort: string;
  dir: "asc" | "desc";
  size: number;
};

const input = "w-full rounded-lg border border-slate-400 bg-page px-3 py-2 text-sm text-ink sm:w-auto";

function Select({
  id,
  name,
  value,
  options,
  any,
}: {
  id: string;
  name: string;
  value?: string;
  options: readonly (readonly [string, string])[];
  any?: boolean;
}) {
  return (
    <select id={id} name={name} defaultValue={value ?? ""} className={input}>
      {any ? <option value="">Any</option> : null}
      {options.map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </select>
  );
}

export function ListControls({ label, basePath, fields, sorts, sort, dir, size }: Props) {
  const id = (name: string) => `list-${name}`;
  const labelClass = "block text-sm font-medium text-slate-800";
  return (
    <search aria-label={label}>
      <form method="get" action={basePath} className="grid grid-cols-1 items-end gap-3 sm:flex sm:flex-wrap">
        {fields.map((f) => (
          <div key={f.name} className="space-y-1">
            <label htmlFor={id(f.name)} className={labelClass}>
              {f.label}
            </label>
            {f.options ? (
              <Select id={id(f.name)} name={f.name} value={f.value} options={f.options} any />
            ) : (
              <input
                id={id(f.name)}
                name={f.name}
                defaultValue={f.value ?? ""}
                maxLength={200}
                className={input}
              />
            )}
          </div>
        ))}
        <div className="space-y-1">
          <label htmlFor={id("sort")} className={labelClass}>
            Sort by
          </label>
          <Select id={id("sort")} name="sort" value={sort} options={sorts} />
        </div>
        <div className="space-y-1">
          <label htmlFor={id("dir")} className={labelClass}>
            Order
          </label>
          <Select
            id={id("dir")}
            name="dir"
            value={dir}
            options={[
              ["desc", "Descending"],
              ["asc", "Ascending"],
            ]}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={id("size")} className={labelClass}>
            Per page
          </label>
          <Select
            id={id("size")}
            name="size"
            value={String(size)}
            options={PAGE_SIZES.map((n) => [String(n), String(n)])}
          />
        </div>
        <div className="flex items-center gap-3">
          <button
            type="submit"
            className="rounded-lg bg-slate-900 px-4 py-2 text-sm font-semibold text-white dark:text-slate-50"
          >
            Apply
          </button>
          <Link href={basePath} className="text-sm font-medium text-brand-700 underline">
            Reset
          </Link>
        </div>
      </form>
    </search>
  );
}

/** Shown instead of a list when its query does not validate (the API answers 400 for the same). */
export function InvalidQuery({ basePath, message }: { basePath: string; message: string }) {
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
      <p>These filters are not valid: {message}</p>
      <Link href={basePath} className="mt-2 inline-block font-medium underline">
        Clear the filters
      </Link>
    </div>
  );
}
