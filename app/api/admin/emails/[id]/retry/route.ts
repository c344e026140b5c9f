// POST /api/admin/emails/:id/retry — requeue a failed or dead email (audited) and send it now.
import { retryOutboxEmail } from "@/lib/admin/emails";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { EmailParams } from "../../schema";

export const POST = withAdmin({}, async ({ params, principal, requestId, db }) => {
  const { id } = parseWith(EmailParams, params);
  return retryOutboxEmail(db, { userId: principal.userId, requestId }, id);
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
