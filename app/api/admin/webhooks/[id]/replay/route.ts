// POST /api/admin/webhooks/:id/replay — requeue a failed or dead event and process it now.
import { replayWebhookEvent } from "@/lib/admin/webhooks";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { EventParams } from "../../schema";

export const POST = withAdmin({}, async ({ params, principal, requestId, db }) => {
  const { id } = parseWith(EventParams, params);
  return replayWebhookEvent(db, { userId: principal.userId, requestId }, id);
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
