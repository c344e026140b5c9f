// Admin: email delivery — the outbox filtered by status and template, sorted and paged on the
// server; each mail with its attempt log (every provider call of the fallback chain: provider,
// outcome, duration, time, error) and "Retry now" for failed and dead mail (audited).
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { DataTable } from "@/components/admin/data-table";
import { InvalidQuery, ListControls } from "@/components/admin/list-controls";
import { AdminPage, when } from "@/components/admin/ui";
import { firstValues, issuesText } from "@/lib/admin/list-query";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import {
  EMAIL_STATUSES,
  EmailsListQuery,
  isRetryableEmail,
  listOutboxEmails,
  type OutboxEmailView,
} from "@/lib/email/outbox-admin";
import { EMAIL_TEMPLATES } from "@/lib/email/render";

export const metadata: Metadata = { title: "Admin · Emails" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const PATH = "/admin/emails";
const COLUMNS = [
  { id: "createdAt", header: "Queued", sortable: true },
  { id: "to", header: "Recipient" },
  { id: "template", header: "Template", sortable: true },
  { id: "category", header: "Category" },
  { id: "status", header: "Status", sortable: true },
  { id: "attempts", header: "Attempts", sortable: true },
  { id: "lastError", header: "Last error" },
  { id: "action", header: "Action" },
];
const SORTS = [
  ...COLUMNS.filter((c) => c.sortable).map((c) => [c.id, c.header] as const),
  ["nextAttemptAt", "Next attempt"] as const,
];

function AttemptLog({ email }: { email: OutboxEmailView }) {
  if (email.log.length === 0) return <span>{email.attempts} (no provider call yet)</span>;
  return (
    <details>
      <summary className="cursor-pointer underline">
        {email.attempts} · {email.log.length} provider {email.log.length === 1 ? "call" : "calls"}
      </summary>
      <ol className="mt-2 space-y-1 text-xs" data-testid="email-attempts">
        {email.log.map((a) => (
          <li key={`${a.createdAt.toISOString()}-${a.provider}-${a.attempt}`}>
            <span className="font-medium">
              #{a.attempt} {a.provider}: {a.outcome}
            </span>{" "}
            in {a.durationMs} ms, {when(a.createdAt)}
            {a.error ? <span className="block break-words text-red-800">{a.error}</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

export default async function AdminEmailsPage({ searchParams }: Props) {
  await requireAdminPage(PATH);
  const parsed = EmailsListQuery.safeParse(firstValues(await searchParams));
  if (!parsed.success)
    return (
      <AdminPage title="Emails" active={PATH}>
        <InvalidQuery basePath={PATH} message={issuesText(parsed.error)} />
      </AdminPage>
    );
  const query = parsed.data;
  const list = await listOutboxEmails(await getDb(), query);
  return (
    <AdminPage title="Emails" active={PATH}>
      <p className="max-w-3xl text-sm text-slate-600">
        Every email the app queued, newest first. A failed email is retried with backoff through the provider
        chain; one that ran out of attempts or was refused by every provider is dead. Skipped mail was not
        sent because its recipient turned that category off.
      </p>
      <ListControls
        label="Filter emails"
        basePath={PATH}
        sorts={SORTS}
        sort={query.sort}
        dir={query.dir}
        size={query.size}
        fields={[
          {
            name: "status",
            label: "Status",
            value: query.status,
            options: EMAIL_STATUSES.map((s) => [s, s] as const),
          },
          {
            name: "template",
            label: "Template",
            value: query.template,
            options: EMAIL_TEMPLATES.map((t) => [t, t] as const),
          },
        ]}
      />
      <DataTable
        caption="Emails"
        columns={COLUMNS}
        basePath={PATH}
        query={{
          status: query.status,
          template: query.template,
          sort: query.sort,
          dir: query.dir,
          size: query.size,
        }}
        sort={list.sort}
        dir={list.dir}
        page={list.page}
        pages={list.pages}
        total={list.total}
        empty={query.status || query.template ? "No emails match these filters." : "No emails queued yet."}
        rows={list.items.map((e) => ({
          id: e.id,
          testId: `email-${e.id}`,
          cells: {
            createdAt: when(e.createdAt),
            to: e.userId ? (
              <Link className="break-all underline" href={`/admin/users/${e.userId}`}>
                {e.to}
              </Link>
            ) : (
              <span className="break-all">{e.to}</span>
            ),
            template: e.template,
            category: e.category,
            status: (
              <span data-testid="email-status">
                {e.status}
                {e.status === "sent" && e.provider ? ` (${e.provider})` : ""}
              </span>
            ),
            attempts: <AttemptLog email={e} />,
            lastError: <span className="block max-w-64 truncate">{e.lastError ?? "—"}</span>,
            action: isRetryableEmail(e.status) ? (
              <ActionForm
                action={`/api/admin/emails/${e.id}/retry`}
                submitLabel="Retry now"
                confirm={`Send this ${e.template} email to ${e.to} again now?`}
              />
            ) : (
              "—"
            ),
          },
        }))}
      />
    </AdminPage>
  );
}
