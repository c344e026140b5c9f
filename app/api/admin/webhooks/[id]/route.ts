// GET /api/admin/webhooks/:id — one event with its payload.
import { getWebhookEvent } from "@/lib/admin/webhooks";
import { parseWith } from "@/lib/http/body";
import { withAdmin } from "@/lib/http/wrappers";
import { EventParams } from "../schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({}, async ({ params, db }) => {
  const { id } = parseWith(EventParams, params);
  return getWebhookEvent(db, id);
});
