// Admin: the audit log — who did what to which target, when, with the state before and after;
// sorted, filtered and paged on the server.
import type { Metadata } from "next";
import { DataTable } from "@/components/admin/data-table";
import { InvalidQuery, ListControls } from "@/components/admin/list-controls";
import { AdminPage, json, when } from "@/components/admin/ui";
import { AuditListQuery, listAudit } from "@/lib/admin/audit";
import { firstValues, issuesText } from "@/lib/admin/list-query";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Audit log" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const PATH = "/admin/audit";
const COLUMNS = [
  { id: "createdAt", header: "When", sortable: true },
  { id: "actor", header: "Who" },
  { id: "action", header: "Action", sortable: true },
  { id: "targetType", header: "Target", sortable: true },
  { id: "before", header: "Before" },
  { id: "after", header: "After" },
  { id: "request", header: "Request" },
];
const SORTS = COLUMNS.filter((c) => c.sortable).map((c) => [c.id, c.header] as const);
const pre = (value: unknown) => (
  <pre className="max-w-64 whitespace-pre-wrap font-mono text-xs">{value === null ? "—" : json(value)}</pre>
);

export default async function AdminAuditPage({ searchParams }: Props) {
  await requireAdminPage(PATH);
  const parsed = AuditListQuery.safeParse(firstValues(await searchParams));
  if (!parsed.success)
    return (
      <AdminPage title="Audit log" active={PATH}>
        <InvalidQuery basePath={PATH} message={issuesText(parsed.error)} />
      </AdminPage>
    );
  const query = parsed.data;
  const list = await listAudit(await getDb(), query);
  return (
    <AdminPage title="Audit log" active={PATH}>
      <ListControls
        label="Filter the audit log"
        basePath={PATH}
        sorts={SORTS}
        sort={query.sort}
        dir={query.dir}
        size={query.size}
        fields={[
          { name: "action", label: "Action starts with", value: query.action },
          { name: "targetId", label: "Target id", value: query.targetId },
          { name: "actorId", label: "Actor id", value: query.actorId },
        ]}
      />
      <DataTable
        caption="Audit log"
        columns={COLUMNS}
        basePath={PATH}
        query={{
          action: query.action,
          targetId: query.targetId,
          actorId: query.actorId,
          sort: query.sort,
          dir: query.dir,
          size: query.size,
        }}
        sort={list.sort}
        dir={list.dir}
        page={list.page}
        pages={list.pages}
        total={list.total}
        empty={
          query.action || query.targetId || query.actorId
            ? "No entries match these filters."
            : "No admin actions yet."
        }
        rows={list.items.map((a) => ({
          id: a.id,
          cells: {
            createdAt: when(a.createdAt),
            actor: a.actorEmail ?? a.actorId,
            action: <span className="font-medium">{a.action}</span>,
            targetType: (
              <span className="font-mono text-xs">
                {a.targetType} {a.targetId}
              </span>
            ),
            before: pre(a.before),
            after: pre(a.after),
            request: <span className="font-mono text-xs">{a.requestId?.slice(0, 12) ?? "—"}</span>,
          },
        }))}
      />
    </AdminPage>
  );
}
