// Admin: the dispute queue (approve → refund, reject → note), sorted, filtered and paged on the
// server (open disputes, oldest first, by default), and Stripe chargebacks, read-only.
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { DataTable } from "@/components/admin/data-table";
import { InvalidQuery, ListControls } from "@/components/admin/list-controls";
import { AdminPage, Table, td, when } from "@/components/admin/ui";
import { firstValues, issuesText } from "@/lib/admin/list-query";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { DisputesListQuery, listChargebacks, listDisputes } from "@/lib/disputes/queue";
import { formatPt } from "@/lib/money/pt";

export const metadata: Metadata = { title: "Admin · Disputes" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const PATH = "/admin/disputes";
const COLUMNS = [
  { id: "createdAt", header: "Opened", sortable: true },
  { id: "user", header: "User" },
  { id: "itemType", header: "Item", sortable: true },
  { id: "amountPt", header: "Amount", sortable: true },
  { id: "reason", header: "Reason" },
  { id: "status", header: "Status", sortable: true },
  { id: "resolvedAt", header: "Decision", sortable: true, className: "sm:min-w-64" },
];
const SORTS = COLUMNS.filter((c) => c.sortable).map((c) => [c.id, c.header] as const);
const pairs = (values: readonly string[]) => values.map((v) => [v, v.replace("_", " ")] as const);

export default async function AdminDisputesPage({ searchParams }: Props) {
  await requireAdminPage(PATH);
  const parsed = DisputesListQuery.safeParse(firstValues(await searchParams));
  if (!parsed.success)
    return (
      <AdminPage title="Disputes" active={PATH}>
        <InvalidQuery basePath={PATH} message={issuesText(parsed.error)} />
      </AdminPage>
    );
  const query = parsed.data;
  const db = await getDb();
  const [list, chargebacks] = await Promise.all([listDisputes(db, query), listChargebacks(db)]);
  return (
    <AdminPage title="Disputes" active={PATH}>
      <ListControls
        label="Filter disputes"
        basePath={PATH}
        sorts={SORTS}
        sort={query.sort}
        dir={query.dir}
        size={query.size}
        fields={[
          {
            name: "status",
            label: "Status",
            value: query.status ?? "",
            options: pairs(["open", "approved", "rejected"]),
          },
          {
            name: "itemType",
            label: "Item",
            value: query.itemType,
            options: pairs(["message", "payment", "ledger_entry"]),
          },
          { name: "q", label: "Reason, item, user or dispute id", value: query.q },
        ]}
      />
      <DataTable
        caption="User disputes"
        columns={COLUMNS}
        basePath={PATH}
        query={{
          status: query.status ?? "",
          itemType: query.itemType,
          q: query.q,
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
          query.status === "open" && !query.itemType && !query.q
            ? "No open disputes. The queue is clear."
            : "No disputes match these filters."
        }
        rows={list.items.map((d) => ({
          id: d.id,
          testId: `dispute-${d.id}`,
          cells: {
            createdAt: when(d.createdAt),
            user: (
              <Link className="underline" href={`/admin/users/${d.userId}`}>
                {d.userEmail ?? d.userId}
              </Link>
            ),
            itemType: (
              <span className="font-mono text-xs">
                {d.itemType} {d.itemId.slice(0, 12)}
              </span>
            ),
            amountPt:
              d.amountPt !== null
                ? `${formatPt(d.amountPt)} PT`
                : d.amountMinor !== null
                  ? `${d.amountMinor} ${d.currency ?? ""} (minor)`
                  : "—",
            reason: (
              <>
                <p className="font-medium">{d.reason}</p>
                {d.detail ? <p className="text-slate-600">{d.detail}</p> : null}
              </>
            ),
            status: d.status,
            resolvedAt:
              d.status === "open" ? (
                <div className="space-y-3">
                  <ActionForm
                    action={`/api/admin/disputes/${d.id}/approve`}
                    submitLabel="Approve and refund"
                    fields={[{ name: "note", label: "Note to the user (optional)", type: "textarea" }]}
                    confirm={
                      d.itemType === "payment"
                        ? "Refund this payment through Stripe?"
                        : "Credit the disputed PT back to the user?"
                    }
                  />
                  <ActionForm
                    action={`/api/admin/disputes/${d.id}/reject`}
                    submitLabel="Reject"
                    fields={[{ name: "note", label: "Note to the user", type: "textarea", required: true }]}
                    tone="danger"
                  />
                </div>
              ) : (
                <p className="text-slate-600">
                  {when(d.resolvedAt)} {d.resolutionNote ?? ""}
                </p>
              ),
          },
        }))}
      />
      <h2 className="text-lg font-semibold">Stripe chargebacks (read-only)</h2>
      <Table
        caption="Stripe chargebacks"
        head={["Opened", "Dispute", "User", "Charge", "Amount (minor)", "Status", "Froze account", "Closed"]}
      >
        {chargebacks.map((b) => (
          <tr key={b.id}>
            <td className={td}>{when(b.createdAt)}</td>
            <td className={`${td} font-mono text-xs`}>{b.id}</td>
            <td className={td}>
              <Link className="underline" href={`/admin/users/${b.userId}`}>
                user
              </Link>
            </td>
            <td className={`${td} font-mono text-xs`}>{b.chargeId}</td>
            <td className={td}>{b.amountMinor.toString()}</td>
            <td className={td}>{b.status}</td>
            <td className={td}>{b.frozeAccount ? "yes" : "no"}</td>
            <td className={td}>{when(b.closedAt)}</td>
          </tr>
        ))}
      </Table>
      {chargebacks.length === 0 ? <p className="text-sm text-slate-600">No chargebacks.</p> : null}
    </AdminPage>
  );
}
