// Admin: the operator's outgoing webhook endpoints (every user's events and the operator events:
// reconciliation, margins, prices), with the delivery log, Retry and Send test event.
import type { Metadata } from "next";
import { AdminPage } from "@/components/admin/ui";
import { EndpointsManager } from "@/components/webhooks/endpoints-manager";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { listEndpoints } from "@/lib/webhooks-out/endpoints";
import { offeredEventTypes, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks-out/events";

export const metadata: Metadata = { title: "Admin · Outgoing webhooks" };
export const dynamic = "force-dynamic";

const PATH = "/admin/webhooks-out";

export default async function AdminOutgoingWebhooksPage() {
  await requireAdminPage(PATH);
  const endpoints = JSON.parse(JSON.stringify(await listEndpoints(await getDb(), { userId: null })));
  return (
    <AdminPage title="Outgoing webhooks" active={PATH}>
      <p className="mb-4 text-slate-700">
        Operator endpoints receive every user&apos;s events of the types they subscribe to, plus
        reconciliation failures, margin alerts and price changes. Payloads are signed per Standard Webhooks. A
        Slack or Discord incoming-webhook URL receives every admin alert (margins, reconciliation, payment
        failures, dead webhooks, price changes) as a chat message.
      </p>
      <EndpointsManager
        basePath="/api/admin/webhooks-out"
        eventTypes={offeredEventTypes(WEBHOOK_EVENT_TYPES)}
        initial={endpoints}
        chatChannels
      />
    </AdminPage>
  );
}
