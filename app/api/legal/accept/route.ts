// POST /api/legal/accept { documents: [{ id, version }] } — the signed-in user accepts the versions
// in force (recorded with time and IP); 409 when a version is no longer current.

import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { acceptDocuments, pendingAcceptances } from "@/lib/legal/acceptances";
import { AcceptLegalRequest, AcceptLegalResponse } from "./schema";

export const dynamic = "force-dynamic";

export const POST = withUser(
  { body: AcceptLegalRequest, maxBodyBytes: 2 * 1024 },
  async ({ body, principal, ip, db }) => {
    await acceptDocuments(db, { userId: principal.userId, documents: body.documents, ip });
    const pending = await pendingAcceptances(db, principal.userId);
    return AcceptLegalResponse.parse({ ok: true, pending: pending.length });
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
