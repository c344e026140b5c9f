// GET /api/admin/webhooks/:id — one event with its payload.
import { getWebhookEvent } from "@/lib/admin/webhooks";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { EventParams } from "../schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({}, async ({ params, db }) => {
  const { id } = parseWith(EventParams, params);
  return getWebhookEvent(db, id);
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
