// POST /api/admin/privacy/export { email, note } — the data export of a user who asked by email,
// downloaded by the admin (audited, recorded in the privacy-requests queue).
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { adminExport } from "@/lib/privacy/admin";
import { archiveResponse } from "@/lib/privacy/export";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { AdminPrivacyRequest } from "../schema";

export const dynamic = "force-dynamic";

export const POST = withAdmin(
  { body: AdminPrivacyRequest, rateLimit: RATE_LIMIT_POLICIES.privacy, maxBodyBytes: 4 * 1024 },
  async ({ body, principal, requestId, db }) =>
    archiveResponse(await adminExport(db, { ...body, adminId: principal.userId, requestId })),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
