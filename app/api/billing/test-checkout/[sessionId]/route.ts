// The built-in test checkout (test mode only, owner only). GET: what is being bought. POST (Pay):
// claims the checkout (one of several clicks at once pays, the others get 409), builds the events
// Stripe would send, signs them with the local webhook secret and POSTs them to the real webhook
// route — no real payment is taken.

import { publicOrigin } from "@/lib/app-url";
import type { BillingCurrency } from "@/lib/billing/catalog";
import { formatPrice } from "@/lib/billing/catalog";
import { payTestCheckout, testCheckoutIntent } from "@/lib/billing/test-mode";
import { AppError } from "@/lib/errors";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { TestCheckoutResponse, TestPayResponse, TestSessionParams } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withUser({}, async ({ params, principal, db }) => {
  const { sessionId } = parseWith(TestSessionParams, params);
  const intent = await testCheckoutIntent(db, { userId: principal.userId, sessionId });
  return TestCheckoutResponse.parse({
    sessionId,
    status: intent.status,
    kind: intent.kind,
    productId: intent.productId,
    amount: formatPrice(intent.expectedAmountMinor, intent.currency as BillingCurrency),
    pt: intent.expectedPt.toString(),
    expiresAt: intent.expiresAt.toISOString(),
  });
});

export const POST = withUser(
  { rateLimit: RATE_LIMIT_POLICIES.billing },
  async ({ params, principal, request, db }) => {
    const { sessionId } = parseWith(TestSessionParams, params);
    if (principal.status === "frozen") throw new AppError("account_frozen");
    const delivered = await payTestCheckout(db, {
      userId: principal.userId,
      sessionId,
      origin: publicOrigin(request),
    });
    return TestPayResponse.parse({
      delivered: delivered.length,
      successUrl: `/billing/success?session_id=${sessionId}`,
    });
  },
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
