// Admin: the dispute queue (approve → refund, reject → note) and Stripe chargebacks, read-only.
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPage, FilterForm, NextPage, param, Table, td, when } from "@/components/admin/ui";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { listChargebacks, listDisputes } from "@/lib/disputes/queue";
import { formatPt } from "@/lib/money/pt";

export const metadata: Metadata = { title: "Admin · Disputes" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const STATUSES = ["open", "approved", "rejected"] as const;

export default async function AdminDisputesPage({ searchParams }: Props) {
  await requireAdminPage("/admin/disputes");
  const sp = await searchParams;
  const status = STATUSES.find((s) => s === (param(sp, "status") ?? "open"));
  const c = param(sp, "cursor");
  const db = await getDb();
  const [page, chargebacks] = await Promise.all([
    listDisputes(db, { status, cursor: c && /^[0-9a-f-]{36}$/i.test(c) ? c : undefined }),
    listChargebacks(db),
  ]);
  return (
    <AdminPage title="Disputes" active="/admin/disputes">
      <FilterForm
        label="Filter disputes"
        fields={[{ name: "status", label: "Status", value: status, options: [...STATUSES] }]}
      />
      <Table
        caption="User disputes"
        head={["Opened", "User", "Item", "Amount", "Reason", "Status", "Decision"]}
      >
        {page.items.map((d) => (
          <tr key={d.id} data-testid={`dispute-${d.id}`}>
            <td className={td}>{when(d.createdAt)}</td>
            <td className={td}>
              <Link className="underline" href={`/admin/users/${d.userId}`}>
                {d.userEmail ?? d.userId}
              </Link>
            </td>
            <td className={`${td} font-mono text-xs`}>
              {d.itemType} {d.itemId.slice(0, 12)}
            </td>
            <td className={td}>
              {d.amountPt !== null
                ? `${formatPt(d.amountPt)} PT`
                : d.amountMinor !== null
                  ? `${d.amountMinor} ${d.currency ?? ""} (minor)`
                  : "—"}
            </td>
            <td className={td}>
              <p className="font-medium">{d.reason}</p>
              {d.detail ? <p className="text-slate-600">{d.detail}</p> : null}
            </td>
            <td className={td}>{d.status}</td>
            <td className={`${td} min-w-64`}>
              {d.status === "open" ? (
                <div className="space-y-3">
                  <ActionForm
                    action={`/api/admin/disputes/${d.id}/approve`}
                    submitLabel="Approve and refund"
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
              )}
            </td>
          </tr>
        ))}
      </Table>
      {page.items.length === 0 ? <p className="text-sm text-slate-600">No disputes here.</p> : null}
      <NextPage path="/admin/disputes" params={{ status }} cursor={page.nextCursor} />
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
    </AdminPage>
  );
}
