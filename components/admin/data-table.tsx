"use client";
// An admin list table on TanStack Table, sorted and paginated on the server: the page renders
// each row's cells (server components, action forms) and passes them in; this component lays
// them out, makes sortable headers links that change ?sort=&dir= (aria-sort says which is on),
// and pages with Previous / Next links. On a phone each row is a card of "label: value" lines
// (the same markup, restyled below `sm`), so nothing runs off-screen.
import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import type { ReactNode } from "react";

export type ColumnSpec = { id: string; header: string; sortable?: boolean; className?: string };
export type TableRow = { id: string; testId?: string; cells: Record<string, ReactNode> };

type Props = {
  caption: string;
  columns: ColumnSpec[];
  rows: TableRow[];
  basePath: string;
  /** The list's current query (filters, sort, dir, size), kept by every link. */
  query: Record<string, string | number | undefined>;
  sort: string;
  dir: "asc" | "desc";
  page: number;
  pages: number;
  total: number;
  empty: ReactNode;
};

function href(basePath: string, query: Props["query"], change: Props["query"]): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...change }))
    if (v !== undefined && !(k === "page" && v === 1)) q.set(k, String(v));
  const s = q.toString();
  return s ? `${basePath}?${s}` : basePath;
}

const cellClass =
  "flex gap-3 py-1 before:w-28 before:shrink-0 before:font-medium before:text-slate-600 before:content-[attr(data-label)] sm:table-cell sm:px-3 sm:py-2 sm:before:content-none";

export function DataTable(props: Props) {
  const { columns, rows, basePath, query, sort, dir, page, pages, total } = props;
  const defs: ColumnDef<TableRow, ReactNode>[] = columns.map((c) => ({
    id: c.id,
    header: c.header,
    accessorFn: (row) => row.cells[c.id],
    cell: (info) => info.getValue() ?? "—",
    enableSorting: c.sortable === true,
    meta: c,
  }));
  const table = useReactTable({
    data: rows,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualSorting: true,
    manualPagination: true,
    pageCount: pages,
    state: {
      sorting: [{ id: sort, desc: dir === "desc" }],
      pagination: { pageIndex: page - 1, pageSize: rows.length },
    },
  });
  return (
    <div className="space-y-3">
      <div className="rounded-xl border border-slate-200 sm:overflow-x-auto">
        <table className="w-full text-left text-sm sm:min-w-[40rem]">
          <caption className="sr-only">{props.caption}</caption>
          <thead className="hidden bg-slate-50 text-slate-700 sm:table-header-group">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const spec = header.column.columnDef.meta as ColumnSpec;
                  const active = sort === header.id;
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
                      className={`px-3 py-2 font-semibold ${spec.className ?? ""}`}
                    >
                      {header.column.getCanSort() ? (
                        <Link
                          href={href(basePath, query, {
                            sort: header.id,
                            dir: active && dir === "desc" ? "asc" : "desc",
                            page: 1,
                          })}
                          className="inline-flex items-center gap-1 underline-offset-2 hover:underline"
                        >
                          {label}
                          <span aria-hidden="true">{active ? (dir === "asc" ? "▲" : "▼") : "↕"}</span>
                        </Link>
                      ) : (
                        label
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="block divide-y divide-slate-100 align-top sm:table-row-group">
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                data-testid={row.original.testId}
                className="block px-3 py-2 sm:table-row sm:p-0"
              >
                {row.getVisibleCells().map((cell) => {
                  const spec = cell.column.columnDef.meta as ColumnSpec;
                  return (
                    <td
                      key={cell.id}
                      data-label={spec.header}
                      className={`${cellClass} ${spec.className ?? ""}`}
                    >
                      <div className="min-w-0 break-words">
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? (
          <div className="px-4 py-8 text-center text-slate-600" data-testid="table-empty">
            {props.empty}
          </div>
        ) : null}
      </div>
      <nav aria-label={`${props.caption} pages`} className="flex flex-wrap items-center gap-4 text-sm">
        <span className="text-slate-600" data-testid="table-position">
          Page {page} of {pages} · {total.toLocaleString("en-US")} {total === 1 ? "row" : "rows"}
        </span>
        {page > 1 ? (
          <Link
            href={href(basePath, query, { page: page - 1 })}
            className="font-medium text-brand-700 underline"
          >
            Previous page
          </Link>
        ) : null}
        {page < pages ? (
          <Link
            href={href(basePath, query, { page: page + 1 })}
            className="font-medium text-brand-700 underline"
          >
            Next page
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
