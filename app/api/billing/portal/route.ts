// POST /api/billing/portal → { url } of the Stripe Customer Portal for the signed-in user.
import { publicOrigin } from "@/lib/app-url";
import { createPortalSession } from "@/lib/billing/portal";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { PortalResponse } from "./schema";

export const POST = withUser({ rateLimit: RATE_LIMIT_POLICIES.billing }, async ({ principal, request, db }) =>
  PortalResponse.parse(
    await createPortalSession(db, { userId: principal.userId, origin: publicOrigin(request) }),
  ),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
