// POST /api/billing/sync — "I paid but don't see it": re-reads the user's recent Stripe objects and
// applies whatever is missing through the same idempotent effects as the webhooks.
import { syncUser } from "@/lib/billing/sync";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { SyncResponse } from "./schema";

export const POST = withUser({ rateLimit: RATE_LIMIT_POLICIES.billingSync }, async ({ principal, db }) =>
  SyncResponse.parse(await syncUser(db, { userId: principal.userId })),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
