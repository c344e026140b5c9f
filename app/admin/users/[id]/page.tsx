// Admin: one user — balance and grants, ledger, conversations (metadata only), sessions — and the
// actions: freeze/unfreeze, PT adjustment with a reason, resend verification.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPage, NextPage, param, Table, td, when } from "@/components/admin/ui";
import { userDetail } from "@/lib/admin/users";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { entryKindLabel } from "@/lib/ledger/entry-kind";
import { formatPt } from "@/lib/money/pt";

export const metadata: Metadata = { title: "Admin · User" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function AdminUserPage({ params, searchParams }: Props) {
  const { id } = await params;
  await requireAdminPage(`/admin/users/${id}`);
  const c = param(await searchParams, "cursor");
  const detail = await userDetail(await getDb(), id, {
    ledgerCursor: c && /^\d{1,19}$/.test(c) ? c : undefined,
  }).catch(() => null);
  if (!detail) notFound();
  const { user, balance, ledger, conversations, sessions } = detail;
  const frozen = user.status === "frozen";
  return (
    <AdminPage title={user.email} active="/admin/users">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {[
          ["Status", user.status],
          ["Plan", user.plan],
          ["Available PT", formatPt(balance.available)],
          ["Pending PT", formatPt(balance.pending)],
          ["Debt PT", formatPt(balance.debt)],
          ["Email verified", user.emailVerifiedAt ? "yes" : "no"],
          ["2FA", user.twoFactorEnabledAt ? "on" : "off"],
          ["Role", user.role],
        ].map(([k, v]) => (
          <div key={k} className="rounded-xl border border-slate-200 p-3">
            <dt className="text-sm text-slate-600">{k}</dt>
            <dd
              className="font-semibold text-ink"
              data-testid={`user-${String(k).toLowerCase().replaceAll(" ", "-")}`}
            >
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <section
        aria-labelledby="actions-h"
        className="grid gap-6 rounded-xl border border-slate-200 p-4 md:grid-cols-3"
      >
        <h2 id="actions-h" className="sr-only">
          Actions
        </h2>
        <div>
          <h3 className="mb-2 font-semibold">Adjust PT</h3>
          <ActionForm
            action={`/api/admin/users/${user.id}/adjust`}
            submitLabel="Adjust PT"
            idempotent
            fields={[
              {
                name: "amount",
                label: "Amount (PT, negative to take back)",
                required: true,
                placeholder: "1000",
              },
              { name: "reason", label: "Reason (required)", type: "textarea", required: true },
            ]}
            confirmNegative={{
              field: "amount",
              message: "Take PT back from this user? What is not spendable becomes debt.",
            }}
          />
        </div>
        <div>
          <h3 className="mb-2 font-semibold">{frozen ? "Unfreeze" : "Freeze"}</h3>
          <ActionForm
            // A new form when the state flips: the freeze reason never lands in the unfreeze box.
            key={frozen ? "unfreeze" : "freeze"}
            action={`/api/admin/users/${user.id}/freeze`}
            submitLabel={frozen ? "Unfreeze account" : "Freeze account"}
            extra={{ frozen: !frozen }}
            fields={[{ name: "reason", label: "Reason", type: "textarea" }]}
            confirm={frozen ? undefined : "Freeze this account? The user can read but not spend or buy PT."}
            tone={frozen ? "primary" : "danger"}
          />
        </div>
        <div>
          <h3 className="mb-2 font-semibold">Verification</h3>
          {user.emailVerifiedAt ? (
            <p className="text-sm text-slate-600">Email verified {when(user.emailVerifiedAt)}.</p>
          ) : (
            <ActionForm
              action={`/api/admin/users/${user.id}/resend-verification`}
              submitLabel="Resend verification email"
            />
          )}
        </div>
      </section>
      <h2 className="text-lg font-semibold">Grants</h2>
      <Table caption="Grants" head={["Source", "Remaining PT", "Expires"]}>
        {balance.grants.map((g) => (
          <tr key={g.id}>
            <td className={td}>{g.source}</td>
            <td className={td}>{formatPt(g.remaining)}</td>
            <td className={td}>{when(g.expiresAt)}</td>
          </tr>
        ))}
      </Table>
      <h2 className="text-lg font-semibold">Ledger</h2>
      <Table caption="Ledger entries" head={["When", "Kind", "PT", "Balance after", "Model", "Transaction"]}>
        {ledger.items.map((e) => (
          <tr key={e.id}>
            <td className={td}>{when(e.at)}</td>
            <td className={td}>{entryKindLabel(e.kind)}</td>
            <td className={td}>{formatPt(e.amount)}</td>
            <td className={td}>{e.balanceAfter === null ? "—" : formatPt(e.balanceAfter)}</td>
            <td className={td}>{e.model ?? "—"}</td>
            <td className={`${td} font-mono text-xs`}>{e.transactionId.slice(0, 8)}</td>
          </tr>
        ))}
      </Table>
      <NextPage path={`/admin/users/${user.id}`} params={{}} cursor={ledger.nextCursor} />
      <h2 className="text-lg font-semibold">Conversations</h2>
      <Table caption="Conversations (metadata)" head={["Title", "Model", "Messages", "Updated", "Deleted"]}>
        {conversations.map((c) => (
          <tr key={c.id}>
            <td className={td}>{c.title}</td>
            <td className={td}>{c.model}</td>
            <td className={td}>{c._count.messages}</td>
            <td className={td}>{when(c.updatedAt)}</td>
            <td className={td}>{when(c.deletedAt)}</td>
          </tr>
        ))}
      </Table>
      <h2 className="text-lg font-semibold">Sessions</h2>
      <Table caption="Sessions" head={["Started", "Last seen", "Revoked", "IP", "Device"]}>
        {sessions.map((s) => (
          <tr key={s.id}>
            <td className={td}>{when(s.createdAt)}</td>
            <td className={td}>{when(s.lastSeenAt)}</td>
            <td className={td}>{when(s.revokedAt)}</td>
            <td className={td}>{s.ip ?? "—"}</td>
            <td className={td}>{s.userAgent?.slice(0, 60) ?? "—"}</td>
          </tr>
        ))}
      </Table>
    </AdminPage>
  );
}
