// POST /api/admin/settings/legal { document, markdown?, version?, effectiveDate?, summary? } —
// publishes a version of one legal document (today or later; a version in force never changes:
// 409), or with every field left out withdraws the operator's versions (back to the built-in text).
import { setLegalOverrideAsAdmin } from "@/lib/admin/settings";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { LegalOverrideRequest } from "../schema";

export const dynamic = "force-dynamic";

export const POST = withAdmin(
  { body: LegalOverrideRequest, maxBodyBytes: 256 * 1024 },
  async ({ body, principal, requestId, db }) => {
    const { document, ...override } = body;
    return {
      document,
      versions: await setLegalOverrideAsAdmin(
        db,
        { userId: principal.userId, requestId },
        document,
        override,
      ),
    };
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
