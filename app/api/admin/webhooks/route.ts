// GET /api/admin/webhooks?status=&type=&sort=&dir=&page=&size= — stored Stripe events, sorted, filtered and paged on the server.
import { listWebhookEvents } from "@/lib/admin/webhooks";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { WebhooksQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: WebhooksQuery }, async ({ query, db }) => listWebhookEvents(db, query));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
