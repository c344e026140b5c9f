// Admin: one webhook event with its payload.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPage, json, when } from "@/components/admin/ui";
import { getWebhookEvent, isReplayable } from "@/lib/admin/webhooks";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Webhook event" };
export const dynamic = "force-dynamic";

export default async function AdminWebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = decodeURIComponent(raw);
  await requireAdminPage(`/admin/webhooks/${encodeURIComponent(id)}`);
  const event = await getWebhookEvent(await getDb(), id).catch(() => null);
  if (!event) notFound();
  return (
    <AdminPage title={`Event ${event.id}`} active="/admin/webhooks">
      <p className="text-sm text-slate-700">
        {event.type} · {event.status} · {event.attempts} attempts · received {when(event.receivedAt)} ·
        processed {when(event.processedAt)}
      </p>
      {event.lastError ? <p className="text-sm text-red-700">Last error: {event.lastError}</p> : null}
      {isReplayable(event.status) ? (
        <ActionForm
          action={`/api/admin/webhooks/${encodeURIComponent(event.id)}/replay`}
          submitLabel="Replay"
          confirm="Replay this event now?"
        />
      ) : null}
      <h2 className="text-lg font-semibold">Payload</h2>
      <pre className="overflow-x-auto rounded-xl bg-slate-900 p-4 text-xs text-slate-100">
        {json(event.payload)}
      </pre>
    </AdminPage>
  );
}
