// Admin: Stripe webhook events filtered by status and type; replay of failed and dead events.
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPage, FilterForm, NextPage, param, Table, td, when } from "@/components/admin/ui";
import { listWebhookEvents } from "@/lib/admin/webhooks";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Webhooks" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const STATUSES = ["received", "processing", "applied", "ignored", "failed", "dead"] as const;

export default async function AdminWebhooksPage({ searchParams }: Props) {
  await requireAdminPage("/admin/webhooks");
  const sp = await searchParams;
  const status = STATUSES.find((s) => s === param(sp, "status"));
  const type = param(sp, "type")?.slice(0, 100);
  const cursor = param(sp, "cursor")?.slice(0, 255);
  const page = await listWebhookEvents(await getDb(), { status, type, cursor });
  return (
    <AdminPage title="Webhook events" active="/admin/webhooks">
      <FilterForm
        label="Filter webhook events"
        fields={[
          { name: "status", label: "Status", value: status, options: [...STATUSES] },
          { name: "type", label: "Type starts with", value: type },
        ]}
      />
      <Table
        caption="Webhook events"
        head={["Received", "Event", "Type", "Status", "Attempts", "Last error", "Action"]}
      >
        {page.items.map((e) => (
          <tr key={e.id} data-testid={`event-${e.id}`}>
            <td className={td}>{when(e.receivedAt)}</td>
            <td className={`${td} font-mono text-xs`}>
              <Link className="underline" href={`/admin/webhooks/${encodeURIComponent(e.id)}`}>
                {e.id}
              </Link>
            </td>
            <td className={td}>{e.type}</td>
            <td className={td} data-testid="event-status">
              {e.status}
            </td>
            <td className={td}>{e.attempts}</td>
            <td className={`${td} max-w-64 truncate`}>{e.lastError ?? "—"}</td>
            <td className={td}>
              {e.status === "failed" || e.status === "dead" ? (
                <ActionForm
                  action={`/api/admin/webhooks/${encodeURIComponent(e.id)}/replay`}
                  submitLabel="Replay"
                  confirm="Replay this event now? Its effect is applied once even if it already happened."
                />
              ) : null}
            </td>
          </tr>
        ))}
      </Table>
      {page.items.length === 0 ? <p className="text-sm text-slate-600">No events match.</p> : null}
      <NextPage path="/admin/webhooks" params={{ status, type }} cursor={page.nextCursor} />
    </AdminPage>
  );
}
