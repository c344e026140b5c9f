// Admin: the audit log — who did what to which target, when, with the state before and after.
import type { Metadata } from "next";
import { AdminPage, FilterForm, json, NextPage, param, Table, td, when } from "@/components/admin/ui";
import { auditActorEmails, listAudit } from "@/lib/admin/audit";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Audit log" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const uuid = (v?: string) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);

export default async function AdminAuditPage({ searchParams }: Props) {
  await requireAdminPage("/admin/audit");
  const sp = await searchParams;
  const actorId = uuid(param(sp, "actorId"));
  const action = param(sp, "action")?.slice(0, 100);
  const targetId = param(sp, "targetId")?.slice(0, 255);
  const db = await getDb();
  const page = await listAudit(db, { actorId, action, targetId, cursor: uuid(param(sp, "cursor")) });
  const email = await auditActorEmails(
    db,
    page.items.map((i) => i.actorId),
  );
  return (
    <AdminPage title="Audit log" active="/admin/audit">
      <FilterForm
        label="Filter the audit log"
        fields={[
          { name: "action", label: "Action starts with", value: action },
          { name: "targetId", label: "Target id", value: targetId },
          { name: "actorId", label: "Actor id", value: actorId },
        ]}
      />
      <Table caption="Audit log" head={["When", "Who", "Action", "Target", "Before", "After", "Request"]}>
        {page.items.map((a) => (
          <tr key={a.id}>
            <td className={td}>{when(a.createdAt)}</td>
            <td className={td}>{email.get(a.actorId) ?? a.actorId}</td>
            <td className={`${td} font-medium`}>{a.action}</td>
            <td className={`${td} font-mono text-xs`}>
              {a.targetType} {a.targetId}
            </td>
            <td className={`${td} font-mono text-xs`}>
              <pre className="max-w-64 whitespace-pre-wrap">{a.before === null ? "—" : json(a.before)}</pre>
            </td>
            <td className={`${td} font-mono text-xs`}>
              <pre className="max-w-64 whitespace-pre-wrap">{a.after === null ? "—" : json(a.after)}</pre>
            </td>
            <td className={`${td} font-mono text-xs`}>{a.requestId?.slice(0, 12) ?? "—"}</td>
          </tr>
        ))}
      </Table>
      {page.items.length === 0 ? <p className="text-sm text-slate-600">No entries.</p> : null}
      <NextPage path="/admin/audit" params={{ actorId, action, targetId }} cursor={page.nextCursor} />
    </AdminPage>
  );
}
