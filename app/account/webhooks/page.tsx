// Webhooks: the user's endpoints for events about their own account (signed per Standard
// Webhooks), read through lib/webhooks-out; changes go through /api/account/webhooks.
import type { Metadata } from "next";
import Link from "next/link";
import { AccountNav, Section } from "@/components/auth/account-nav";
import { EndpointsManager } from "@/components/webhooks/endpoints-manager";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { listEndpoints } from "@/lib/webhooks-out/endpoints";
import { offeredEventTypes, USER_EVENT_TYPES } from "@/lib/webhooks-out/events";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

export default async function WebhooksPage() {
  const principal = await requireUserPage("/account/webhooks");
  const endpoints = JSON.parse(
    JSON.stringify(await listEndpoints(await getDb(), { userId: principal.userId })),
  );
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Webhooks</h1>
      <AccountNav active="webhooks" />
      <div className="mt-6 space-y-6">
        <Section title="Your endpoints" id="webhooks">
          <p className="mb-4 text-slate-700">
            We POST a signed JSON event to your URL when something happens on your account. Verify each with
            any{" "}
            <Link href="https://www.standardwebhooks.com/" className="font-medium text-brand-700 underline">
              Standard Webhooks
            </Link>{" "}
            library and the endpoint&apos;s secret. Failed deliveries are retried with growing, randomised
            delays for about a day; each attempt shows in the endpoint&apos;s deliveries, with a Retry button.
          </p>
          <EndpointsManager
            basePath="/api/account/webhooks"
            eventTypes={offeredEventTypes(USER_EVENT_TYPES)}
            initial={endpoints}
          />
        </Section>
        <Section title="Verifying a delivery" id="webhooks-verify">
          <p className="mb-3 text-slate-700">
            Each request carries <code className="font-mono">webhook-id</code> (the same on every retry: use
            it to ignore duplicates), <code className="font-mono">webhook-timestamp</code> and{" "}
            <code className="font-mono">webhook-signature</code>. After a secret rotation both the new and the
            old secret sign for 24 hours.
          </p>
          <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">
            {`import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.LEDGERCHAT_WEBHOOK_SECRET); // whsec_…
const event = wh.verify(rawBody, headers); // throws if the signature is wrong
// event = { id, type, timestamp, data }`}
          </pre>
        </Section>
      </div>
    </div>
  );
}
