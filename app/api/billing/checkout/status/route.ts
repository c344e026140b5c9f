// GET /api/billing/checkout/status?session_id= — the success page polls this until the PT arrive.
import { checkoutStatus } from "@/lib/billing/overview";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { CheckoutStatusQuery, CheckoutStatusResponse } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withUser({ query: CheckoutStatusQuery }, async ({ query, principal, db }) => {
  const status = await checkoutStatus(db, {
    userId: principal.userId,
    sessionId: query.session_id,
  });
  return CheckoutStatusResponse.parse({
    ...status,
    pt: status.pt?.toString() ?? null,
    available: status.available.toString(),
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
