// Admin: Stripe webhook events, sorted, filtered (status, type prefix) and paged on the server;
// replay of failed, dead and settled events (idempotent: a settled one changes nothing).
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { DataTable } from "@/components/admin/data-table";
import { InvalidQuery, ListControls } from "@/components/admin/list-controls";
import { AdminPage, when } from "@/components/admin/ui";
import { firstValues, issuesText } from "@/lib/admin/list-query";
import {
  isReplayable,
  listWebhookEvents,
  STRIPE_EVENT_STATUSES,
  WebhooksListQuery,
} from "@/lib/admin/webhooks";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Webhooks" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const PATH = "/admin/webhooks";
const COLUMNS = [
  { id: "receivedAt", header: "Received", sortable: true },
  { id: "event", header: "Event" },
  { id: "type", header: "Type", sortable: true },
  { id: "status", header: "Status", sortable: true },
  { id: "attempts", header: "Attempts", sortable: true },
  { id: "lastError", header: "Last error" },
  { id: "action", header: "Action" },
];
const SORTS = [
  ...COLUMNS.filter((c) => c.sortable).map((c) => [c.id, c.header] as const),
  ["processedAt", "Processed"] as const,
];

export default async function AdminWebhooksPage({ searchParams }: Props) {
  await requireAdminPage(PATH);
  const parsed = WebhooksListQuery.safeParse(firstValues(await searchParams));
  if (!parsed.success)
    return (
      <AdminPage title="Webhook events" active={PATH}>
        <InvalidQuery basePath={PATH} message={issuesText(parsed.error)} />
      </AdminPage>
    );
  const query = parsed.data;
  const list = await listWebhookEvents(await getDb(), query);
  return (
    <AdminPage title="Webhook events" active={PATH}>
      <ListControls
        label="Filter webhook events"
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
            options: STRIPE_EVENT_STATUSES.map((s) => [s, s] as const),
          },
          { name: "type", label: "Type starts with", value: query.type },
        ]}
      />
      <DataTable
        caption="Webhook events"
        columns={COLUMNS}
        basePath={PATH}
        query={{ status: query.status, type: query.type, sort: query.sort, dir: query.dir, size: query.size }}
        sort={list.sort}
        dir={list.dir}
        page={list.page}
        pages={list.pages}
        total={list.total}
        empty={
          query.status || query.type ? "No events match these filters." : "No webhook events received yet."
        }
        rows={list.items.map((e) => ({
          id: e.id,
          testId: `event-${e.id}`,
          cells: {
            receivedAt: when(e.receivedAt),
            event: (
              <Link
                className="font-mono text-xs underline"
                href={`/admin/webhooks/${encodeURIComponent(e.id)}`}
              >
                {e.id}
              </Link>
            ),
            type: e.type,
            status: <span data-testid="event-status">{e.status}</span>,
            attempts: e.attempts,
            lastError: <span className="block max-w-64 truncate">{e.lastError ?? "—"}</span>,
            action: isReplayable(e.status) ? (
              <ActionForm
                action={`/api/admin/webhooks/${encodeURIComponent(e.id)}/replay`}
                submitLabel="Replay"
                confirm="Replay this event now? Its effect is applied once even if it already happened."
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
