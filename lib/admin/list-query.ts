// The query of an admin list (users, disputes, webhook events, payments, audit log): a sort
// column from the table's allow-list, a direction, a page and a page size, plus the table's own
// filters. One zod schema per table validates both the API route's query and the page's
// searchParams, so a bad or hostile value (unknown column, NUL byte, a 10 MB string) is a 400
// or an "invalid filter" notice, never a database error. Pages are numbered over a stable order:
// the sort column, then the primary key, so equal values never swap between pages.
import { z } from "zod";

export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const MAX_PAGE = 10_000;

/** Free text for a filter: trimmed, bounded, no control characters (Postgres refuses NUL). */
export function filterText(max: number) {
  return (
    z
      .string()
      .max(max)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must not contain control characters")
      .transform((s) => s.trim() || undefined)
      .optional()
  );
}

/** An optional enum filter where "" (the form's "any") means no filter. */
export function filterEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .union([z.literal(""), z.enum(values)])
    .transform((v) => (v === "" ? undefined : (v as T[number])))
    .optional();
}

export const filterUuid = z
  .union([z.literal(""), z.uuid()])
  .transform((v) => v || undefined)
  .optional();

export function listQuery<const S extends readonly [string, ...string[]], F extends z.ZodRawShape>(input: {
  sorts: S;
  defaultSort: S[number];
  defaultDir: "asc" | "desc";
  filters: F;
}) {
  return z.object({
    sort: z.enum(input.sorts).default(input.defaultSort as never),
    dir: z.enum(["asc", "desc"]).default(input.defaultDir),
    page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
    size: z.coerce
      .number()
      .int()
      .refine(
        (n) => (PAGE_SIZES as readonly number[]).includes(n),
        `size must be one of ${PAGE_SIZES.join(", ")}`,
      )
      .default(25),
    ...input.filters,
  });
}

export type ListParams<S extends string = string> = {
  sort: S;
  dir: "asc" | "desc";
  page: number;
  size: number;
};

export type ListPage<T> = {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
  sort: string;
  dir: "asc" | "desc";
};

/** skip/take for a page, and the page envelope once the rows and the count are in. */
export function paging(p: ListParams) {
  return { skip: (p.page - 1) * p.size, take: p.size };
}

export function pageOf<T>(p: ListParams, items: T[], total: number): ListPage<T> {
  return {
    items,
    total,
    page: p.page,
    size: p.size,
    pages: Math.max(1, Math.ceil(total / p.size)),
    sort: p.sort,
    dir: p.dir,
  };
}

/** searchParams as the schema expects them: the first value of a repeated key. */
export function firstValues(sp: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first;
  }
  return out;
}

/** A zod error as one line for the "invalid filter" notice. */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
}
