// Admin: payments and refunds. A refund asks Stripe (idempotent per form); the ledger follows
// through the charge.refunded webhook, so the refunded columns update when it arrives.
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPage, FilterForm, NextPage, param, Table, td, when } from "@/components/admin/ui";
import { listPayments } from "@/lib/admin/refunds";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { formatPt } from "@/lib/money/pt";

export const metadata: Metadata = { title: "Admin · Refunds" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const uuid = (v?: string) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);

export default async function AdminRefundsPage({ searchParams }: Props) {
  await requireAdminPage("/admin/refunds");
  const sp = await searchParams;
  const userId = uuid(param(sp, "userId"));
  const r = param(sp, "refunded");
  const refunded = r === "refunded" ? true : r === "not refunded" ? false : undefined;
  const page = await listPayments(await getDb(), { userId, refunded, cursor: uuid(param(sp, "cursor")) });
  return (
    <AdminPage title="Payments and refunds" active="/admin/refunds">
      <FilterForm
        label="Filter payments"
        fields={[
          { name: "userId", label: "User id", value: userId },
          { name: "refunded", label: "Refunds", value: r, options: ["refunded", "not refunded"] },
        ]}
      />
      <Table caption="Payments" head={["Paid", "User", "Description", "Amount", "PT", "Refunded", "Refund"]}>
        {page.items.map((p) => {
          const left = p.amountMinor - p.refundedMinor;
          return (
            <tr key={p.id}>
              <td className={td}>{when(p.createdAt)}</td>
              <td className={td}>
                <Link className="underline" href={`/admin/users/${p.userId}`}>
                  user
                </Link>
              </td>
              <td className={td}>{p.description}</td>
              <td className={td}>
                {p.amountMinor.toString()} {p.currency} (minor)
              </td>
              <td className={td}>{formatPt(p.pt)}</td>
              <td className={td}>
                {p.refundedMinor.toString()} minor / {formatPt(p.refundedPt)} PT
              </td>
              <td className={`${td} min-w-56`}>
                {left > 0n && p.paymentIntentId ? (
                  <ActionForm
                    action="/api/admin/refunds"
                    submitLabel="Refund"
                    idempotent
                    extra={{ paymentId: p.id }}
                    fields={[
                      { name: "amountMinor", label: `Amount in minor units (empty = all ${left})` },
                      { name: "reason", label: "Reason" },
                    ]}
                    confirm="Refund this payment through Stripe? The PT bought with it are taken back."
                    tone="danger"
                  />
                ) : (
                  "—"
                )}
              </td>
            </tr>
          );
        })}
      </Table>
      <NextPage path="/admin/refunds" params={{ userId, refunded: r }} cursor={page.nextCursor} />
    </AdminPage>
  );
}
