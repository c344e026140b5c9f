// Admin: payments and refunds, sorted, filtered and paged on the server. A refund asks Stripe
// (idempotent per form); the ledger follows through the charge.refunded webhook, so the refunded
// columns update when it arrives.
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { DataTable } from "@/components/admin/data-table";
import { InvalidQuery, ListControls } from "@/components/admin/list-controls";
import { AdminPage, when } from "@/components/admin/ui";
import { firstValues, issuesText } from "@/lib/admin/list-query";
import { listPayments, PaymentsListQuery } from "@/lib/admin/refunds";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { formatStoredMoney as money } from "@/lib/money/currency";
import { formatPt } from "@/lib/money/pt";

export const metadata: Metadata = { title: "Admin · Refunds" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const PATH = "/admin/refunds";
const COLUMNS = [
  { id: "createdAt", header: "Paid", sortable: true },
  { id: "user", header: "User" },
  { id: "kind", header: "Description", sortable: true },
  { id: "amountMinor", header: "Amount", sortable: true },
  { id: "pt", header: "PT", sortable: true },
  { id: "refundedMinor", header: "Refunded", sortable: true },
  { id: "refund", header: "Refund", className: "sm:min-w-56" },
];
const SORTS = COLUMNS.filter((c) => c.sortable).map(
  (c) => [c.id, c.header === "Description" ? "Kind" : c.header] as const,
);

export default async function AdminRefundsPage({ searchParams }: Props) {
  await requireAdminPage(PATH);
  const parsed = PaymentsListQuery.safeParse(firstValues(await searchParams));
  if (!parsed.success)
    return (
      <AdminPage title="Payments and refunds" active={PATH}>
        <InvalidQuery basePath={PATH} message={issuesText(parsed.error)} />
      </AdminPage>
    );
  const query = parsed.data;
  const list = await listPayments(await getDb(), query);
  return (
    <AdminPage title="Payments and refunds" active={PATH}>
      <ListControls
        label="Filter payments"
        basePath={PATH}
        sorts={SORTS}
        sort={query.sort}
        dir={query.dir}
        size={query.size}
        fields={[
          { name: "userId", label: "User id", value: query.userId },
          {
            name: "refunded",
            label: "Refunds",
            value: query.refunded,
            options: [
              ["refunded", "refunded"],
              ["not-refunded", "not refunded"],
            ],
          },
          {
            name: "kind",
            label: "Kind",
            value: query.kind,
            options: [
              ["topup", "top-up"],
              ["subscription", "subscription"],
            ],
          },
        ]}
      />
      <DataTable
        caption="Payments"
        columns={COLUMNS}
        basePath={PATH}
        query={{
          userId: query.userId,
          refunded: query.refunded,
          kind: query.kind,
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
          query.userId || query.refunded || query.kind
            ? "No payments match these filters."
            : "No payments yet."
        }
        rows={list.items.map((p) => {
          const left = p.amountMinor - p.refundedMinor;
          return {
            id: p.id,
            testId: `payment-${p.id}`,
            cells: {
              createdAt: when(p.createdAt),
              user: (
                <Link className="underline" href={`/admin/users/${p.userId}`}>
                  user
                </Link>
              ),
              kind: p.description,
              amountMinor: money(p.amountMinor, p.currency),
              pt: formatPt(p.pt),
              refundedMinor: `${money(p.refundedMinor, p.currency)} / ${formatPt(p.refundedPt)}`,
              refund:
                left > 0n && p.paymentIntentId ? (
                  <ActionForm
                    action="/api/admin/refunds"
                    submitLabel="Refund"
                    idempotent
                    extra={{ paymentId: p.id }}
                    fields={[
                      {
                        name: "amount",
                        label: `Amount in ${p.currency.toUpperCase()} (empty = all ${money(left, p.currency)})`,
                      },
                      { name: "reason", label: "Reason" },
                    ]}
                    confirm="Refund this payment through Stripe? The PT bought with it are taken back."
                    tone="danger"
                  />
                ) : (
                  "—"
                ),
            },
          };
        })}
      />
    </AdminPage>
  );
}
