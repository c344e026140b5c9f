// Admin: reconciliation runs, newest first, with their issue counts.
import type { Metadata } from "next";
import Link from "next/link";
import { AdminPage, FilterForm, NextPage, param, Table, td, when } from "@/components/admin/ui";
import { listRuns } from "@/lib/admin/reconciliation";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Reconciliation" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminReconciliationPage({ searchParams }: Props) {
  await requireAdminPage("/admin/reconciliation");
  const sp = await searchParams;
  const only = param(sp, "only");
  const c = param(sp, "cursor");
  const page = await listRuns(await getDb(), {
    withErrors: only === "with errors",
    cursor: c && /^[0-9a-f-]{36}$/i.test(c) ? c : undefined,
  });
  return (
    <AdminPage title="Reconciliation runs" active="/admin/reconciliation">
      <FilterForm
        label="Filter runs"
        fields={[{ name: "only", label: "Show", value: only, options: ["with errors"] }]}
      />
      <Table caption="Reconciliation runs" head={["Day", "Finished", "Errors", "Warnings", "Info", "Healed"]}>
        {page.items.map((r) => (
          <tr key={r.id}>
            <td className={td}>
              <Link className="underline" href={`/admin/reconciliation/${r.id}`}>
                {r.day.toISOString().slice(0, 10)}
              </Link>
            </td>
            <td className={td}>{when(r.finishedAt)}</td>
            <td className={`${td} ${r.errors > 0 ? "font-semibold text-red-700" : ""}`}>{r.errors}</td>
            <td className={td}>{r.warnings}</td>
            <td className={td}>{r.infos}</td>
            <td className={td}>{r.healed}</td>
          </tr>
        ))}
      </Table>
      {page.items.length === 0 ? <p className="text-sm text-slate-600">No runs yet.</p> : null}
      <NextPage path="/admin/reconciliation" params={{ only }} cursor={page.nextCursor} />
    </AdminPage>
  );
}
