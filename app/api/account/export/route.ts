// POST /api/account/export — re-authenticate, then download a zip of everything stored about the
// signed-in user (JSON, plus CSV for the ledger and payments). Rate-limited and audited.
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { archiveResponse, exportOwnData } from "@/lib/privacy/export";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { ReauthRequest } from "../schema";

export const dynamic = "force-dynamic";

export const POST = withUser(
  { body: ReauthRequest, rateLimit: RATE_LIMIT_POLICIES.privacy, maxBodyBytes: 4 * 1024 },
  async ({ principal, body, ip, db, requestId }) =>
    archiveResponse(
      await exportOwnData(db, {
        userId: principal.userId,
        reauth: { password: body.currentPassword, code: body.code, ip },
        requestId,
      }),
    ),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
