// The list of /v1 request records, for their owner (/account/api-keys) and for admins
// (/admin/api-requests): filters and sort in a GET form, the table sorted and paged on the server.
import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { ListControls } from "@/components/admin/list-controls";
import { when } from "@/components/admin/ui";
import type { ListPage } from "@/lib/admin/list-query";
import type { ApiRequestRow } from "@/lib/api/requests";
import { API_REQUEST_STATUSES } from "@/lib/api/requests";
import { formatPt } from "@/lib/money/pt";

type Query = {
  sort: string;
  dir: "asc" | "desc";
  size: number;
  keyId?: string;
  status?: string;
  model?: string;
  userId?: string;
};

const COLUMNS = [
  { id: "createdAt", header: "When", sortable: true },
  { id: "key", header: "Key" },
  { id: "model", header: "Model", sortable: true },
  { id: "status", header: "Status" },
  { id: "tokens", header: "Tokens in / out" },
  { id: "ptCharged", header: "PT charged", sortable: true },
  { id: "durationMs", header: "Duration", sortable: true },
];
const SORTS = COLUMNS.filter((c) => c.sortable).map((c) => [c.id, c.header] as const);

function duration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function RequestList({
  list,
  query,
  basePath,
  keys,
  admin = false,
}: {
  list: ListPage<ApiRequestRow>;
  query: Query;
  basePath: string;
  /** The owner's keys for the key filter ([id, label]); admins filter by user id instead. */
  keys?: readonly (readonly [string, string])[];
  admin?: boolean;
}) {
  const columns = admin
    ? [...COLUMNS.slice(0, 1), { id: "user", header: "User" }, ...COLUMNS.slice(1)]
    : COLUMNS;
  const filtered = query.keyId || query.status || query.model || query.userId;
  return (
    <div className="space-y-4">
      <ListControls
        label="Filter requests"
        basePath={basePath}
        sorts={SORTS}
        sort={query.sort}
        dir={query.dir}
        size={query.size}
        fields={[
          ...(admin ? [{ name: "userId", label: "User id", value: query.userId }] : []),
          keys
            ? { name: "keyId", label: "Key", value: query.keyId, options: keys }
            : { name: "keyId", label: "Key id", value: query.keyId },
          {
            name: "status",
            label: "Status",
            value: query.status,
            options: API_REQUEST_STATUSES.map((s) => [s, s] as const),
          },
          { name: "model", label: "Model", value: query.model },
        ]}
      />
      <DataTable
        caption="API requests"
        columns={columns}
        basePath={basePath}
        query={{ ...query }}
        sort={list.sort}
        dir={list.dir}
        page={list.page}
        pages={list.pages}
        total={list.total}
        empty={filtered ? "No requests match these filters." : "No API requests yet."}
        rows={list.items.map((r) => ({
          id: r.id,
          testId: `api-request-${r.id}`,
          cells: {
            createdAt: when(r.createdAt),
            user: (
              <Link className="underline" href={`/admin/users/${r.userId}`}>
                user
              </Link>
            ),
            key: (
              <span>
                {r.keyName} <code className="font-mono text-xs">{`${r.keyPrefix}…${r.keyLastFour}`}</code>
              </span>
            ),
            model: `${r.model ?? "—"}${r.stream ? " (stream)" : ""}`,
            status:
              r.status === "refused" ? `refused ${r.httpStatus ?? ""} ${r.errorCode ?? ""}`.trim() : r.status,
            tokens:
              r.inputTokens === null
                ? "—"
                : `${r.inputTokens} / ${r.outputTokens ?? 0}${r.reasoningTokens ? ` (${r.reasoningTokens} reasoning)` : ""}${r.cachedInputTokens ? ` (${r.cachedInputTokens} cached)` : ""}`,
            ptCharged: r.ptCharged === null ? `${formatPt(r.ptReserved)} held` : formatPt(r.ptCharged),
            durationMs: duration(r.durationMs),
          },
        }))}
      />
    </div>
  );
}
