// Billing's cron job (Bearer CRON_SECRET): retry due webhook effects, recover recent checkouts
// whose webhooks never arrived, and downgrade subscriptions whose period ended without renewal.
import { expireSubscriptions } from "@/lib/billing/expire-subscriptions";
import { runWebhookRetries } from "@/lib/billing/retry-worker";
import { syncRecentCheckouts } from "@/lib/billing/sync";
import { getDb } from "@/lib/db";
import { withCron } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

const run = withCron({}, async () => {
  const db = await getDb();
  const retries = await runWebhookRetries(db);
  const recovery = await syncRecentCheckouts(db);
  const expiry = await expireSubscriptions(db);
  return { retries, recovery, expiry };
});

export const GET = run;
export const POST = run;
