// POST /api/admin/privacy/deletion { email, note } — schedule the deletion of a user who asked by
// email (same grace period, emails and cancellation by signing in as their own request; audited).
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { adminScheduleDeletion } from "@/lib/privacy/admin";
import { AdminPrivacyRequest } from "../schema";

export const POST = withAdmin(
  { body: AdminPrivacyRequest, maxBodyBytes: 4 * 1024 },
  async ({ body, principal, requestId, db }) => {
    const scheduled = await adminScheduleDeletion(db, { ...body, adminId: principal.userId, requestId });
    return { scheduled: true, dueAt: scheduled.dueAt };
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
