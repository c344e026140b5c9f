// Admin: one reconciliation run and its issues, filterable by severity.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminPage, FilterForm, json, param, Table, td, when } from "@/components/admin/ui";
import { runWithIssues } from "@/lib/admin/reconciliation";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Reconciliation run" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};
const SEVERITIES = ["error", "warning", "info"] as const;

export default async function AdminRunPage({ params, searchParams }: Props) {
  const { id } = await params;
  await requireAdminPage(`/admin/reconciliation/${id}`);
  const wanted = param(await searchParams, "severity");
  const severity = SEVERITIES.find((s) => s === wanted);
  const run = await runWithIssues(await getDb(), id, severity).catch(() => null);
  if (!run) notFound();
  return (
    <AdminPage title={`Run of ${run.day.toISOString().slice(0, 10)}`} active="/admin/reconciliation">
      <p className="text-sm text-slate-700">
        Started {when(run.startedAt)}, finished {when(run.finishedAt)}: {run.errors} errors, {run.warnings}{" "}
        warnings, {run.infos} info, {run.healed} healed.
      </p>
      <FilterForm
        label="Filter issues"
        fields={[{ name: "severity", label: "Severity", value: severity, options: [...SEVERITIES] }]}
      />
      <Table caption="Issues" head={["Severity", "Kind", "Message", "Refs"]}>
        {run.issues.map((i) => (
          <tr key={i.id}>
            <td className={td}>{i.severity}</td>
            <td className={td}>{i.kind}</td>
            <td className={td}>{i.message}</td>
            <td className={`${td} font-mono text-xs`}>
              <pre className="whitespace-pre-wrap">{json(i.refs)}</pre>
            </td>
          </tr>
        ))}
      </Table>
      <details>
        <summary className="cursor-pointer text-sm">Summary</summary>
        <pre className="overflow-x-auto rounded-xl bg-slate-900 p-4 text-xs text-slate-100">
          {json(run.summary)}
        </pre>
      </details>
    </AdminPage>
  );
}
