// The user's ledger: entries newest first (cursor-paginated) and payments, each charge with a
// "Dispute" action (one open dispute per item), plus the user's disputes and their outcome.
import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { NextPage, param, Table, td, when } from "@/components/admin/ui";
import { AccountNav } from "@/components/auth/account-nav";
import { requireUserPage } from "@/lib/auth/current-user";
import { listMyPayments } from "@/lib/billing/overview";
import { getDb } from "@/lib/db";
import { listMyDisputes } from "@/lib/disputes/create-dispute";
import { isEntryCursor } from "@/lib/ledger/cursor";
import { entryKindLabel } from "@/lib/ledger/entry-kind";
import { listEntries } from "@/lib/ledger/history";
import { formatStoredMoney } from "@/lib/money/currency";
import { formatPt } from "@/lib/money/pt";

export const metadata: Metadata = { title: "Ledger" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function DisputeAction({ itemType, itemId, open }: { itemType: string; itemId: string; open?: string }) {
  if (open) return <span className="text-sm text-slate-600">Dispute {open}</span>;
  return (
    <details>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">Dispute</summary>
      <div className="mt-2 w-64">
        <ActionForm
          action="/api/disputes"
          submitLabel="Send dispute"
          extra={{ itemType, itemId }}
          fields={[
            { name: "reason", label: "Reason", required: true },
            { name: "detail", label: "Details (optional)", type: "textarea" },
          ]}
        />
      </div>
    </details>
  );
}

export default async function LedgerPage({ searchParams }: Props) {
  const user = await requireUserPage("/account/ledger");
  const c = param(await searchParams, "cursor");
  const db = await getDb();
  const [page, payments, disputes] = await Promise.all([
    listEntries(db, {
      account: { kind: "user", userId: user.userId },
      cursor: c && isEntryCursor(c) ? c : null,
    }),
    listMyPayments(db, user.userId),
    listMyDisputes(db, user.userId),
  ]);
  const latest = new Map<string, string>();
  for (const d of disputes)
    if (!latest.has(`${d.itemType}:${d.itemId}`)) latest.set(`${d.itemType}:${d.itemId}`, d.status);
  const openOrDone = (key: string) => {
    const s = latest.get(key);
    return s === "open" || s === "approved" ? s : undefined;
  };
  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-10 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold text-ink">Your ledger</h1>
        <a
          href="/api/pt/ledger.csv"
          download
          className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50"
        >
          Export CSV
        </a>
      </div>
      <AccountNav active="ledger" />
      <Table caption="Ledger entries" head={["When", "Kind", "PT", "Balance after", "Model", ""]}>
        {page.items.map((e) => (
          <tr key={e.id} data-testid={`entry-${e.id}`}>
            <td className={`${td} whitespace-nowrap`}>{when(e.at)}</td>
            <td className={td} data-kind={e.kind}>
              {entryKindLabel(e.kind)}
            </td>
            <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{formatPt(e.amount)}</td>
            <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
              {e.balanceAfter === null ? "—" : formatPt(e.balanceAfter)}
            </td>
            <td className={td}>{e.model ?? "—"}</td>
            <td className={td}>
              {e.amount < 0n ? (
                <DisputeAction
                  itemType="ledger_entry"
                  itemId={e.id}
                  open={openOrDone(`ledger_entry:${e.id}`)}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </Table>
      <NextPage path="/account/ledger" params={{}} cursor={page.nextCursor} />
      <h2 className="text-lg font-semibold">Payments</h2>
      <Table caption="Payments" head={["When", "Description", "Amount", "PT", ""]}>
        {payments.map((p) => (
          <tr key={p.id}>
            <td className={`${td} whitespace-nowrap`}>{when(p.createdAt)}</td>
            <td className={td}>{p.description}</td>
            <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
              {formatStoredMoney(p.amountMinor, p.currency)}
            </td>
            <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{formatPt(p.pt)}</td>
            <td className={td}>
              <DisputeAction itemType="payment" itemId={p.id} open={openOrDone(`payment:${p.id}`)} />
            </td>
          </tr>
        ))}
      </Table>
      <h2 className="text-lg font-semibold">Your disputes</h2>
      <Table caption="Your disputes" head={["Opened", "Item", "Reason", "Status", "Note"]}>
        {disputes.map((d) => (
          <tr key={d.id}>
            <td className={td}>{when(d.createdAt)}</td>
            <td className={td}>{d.itemType.replace("_", " ")}</td>
            <td className={td}>{d.reason}</td>
            <td className={td} data-testid="my-dispute-status">
              {d.status}
            </td>
            <td className={td}>{d.resolutionNote ?? "—"}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
