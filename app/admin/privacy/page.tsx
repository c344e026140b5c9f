// Admin: the privacy-requests queue. Scheduled deletions (soonest first), then recent exports,
// cancellations and erasures; and forms to run an export or schedule a deletion for a user who
// asked by email. Both actions are audited.
import type { Metadata } from "next";
import { AdminExportForm } from "@/components/account/privacy-forms";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPage, Table, td, when } from "@/components/admin/ui";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { listPrivacyRequests } from "@/lib/privacy/admin";

export const metadata: Metadata = { title: "Admin · Privacy requests" };
export const dynamic = "force-dynamic";

const PATH = "/admin/privacy";

export default async function AdminPrivacyPage() {
  await requireAdminPage(PATH);
  const rows = await listPrivacyRequests(await getDb());
  return (
    <AdminPage title="Privacy requests" active={PATH}>
      <div className="grid gap-6 md:grid-cols-2">
        <section className="rounded-xl border border-slate-200 p-5">
          <h2 className="mb-4 text-lg font-semibold text-ink">Export a user's data</h2>
          <AdminExportForm />
        </section>
        <section className="rounded-xl border border-slate-200 p-5">
          <h2 className="mb-4 text-lg font-semibold text-ink">Delete a user's account</h2>
          <p className="mb-4 text-sm text-slate-600">
            Signs them out and erases the account after the grace period; their remaining PT is forfeited.
            Signing in before then cancels it. They are emailed at each step.
          </p>
          <ActionForm
            action="/api/admin/privacy/deletion"
            submitLabel="Schedule deletion"
            tone="danger"
            confirm="Schedule this account's deletion? Its remaining PT will be forfeited."
            fields={[
              { name: "email", label: "Account email", required: true },
              {
                name: "note",
                label: "Note",
                required: true,
                hint: "Who asked, when, and how you checked it was the account holder.",
              },
            ]}
          />
        </section>
      </div>
      <Table
        caption="Privacy requests"
        head={["Requested", "Kind", "Status", "Account", "By", "Due / done", "Note"]}
      >
        {rows.length === 0 ? (
          <tr>
            <td className={td} colSpan={7}>
              No privacy requests yet.
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.id} data-testid="privacy-request">
              <td className={td}>{when(r.createdAt)}</td>
              <td className={td}>{r.kind}</td>
              <td className={td}>{r.status}</td>
              <td className={td}>
                <span className="font-mono text-xs">{r.email ?? r.userId}</span>
              </td>
              <td className={td}>{r.byAdmin ? "admin" : "user"}</td>
              <td className={td}>
                {when(r.status === "scheduled" ? r.dueAt : (r.completedAt ?? r.cancelledAt))}
              </td>
              <td className={td}>{r.note ?? ""}</td>
            </tr>
          ))
        )}
      </Table>
    </AdminPage>
  );
}
