// The built-in test checkout (test mode only, owner only). GET: what is being bought (and, with
// STRIPE_AUTOMATIC_TAX=1, the demo tax and total). POST (Pay, with the billing details when tax is
// collected): claims the checkout (one of several clicks at once pays, the others get 409), builds the events
// Stripe would send, signs them with the local webhook secret and POSTs them to the real webhook
// route — no real payment is taken.

import { publicOrigin } from "@/lib/app-url";
import type { BillingCurrency } from "@/lib/billing/catalog";
import { formatPrice } from "@/lib/billing/catalog";
import { automaticTaxEnabled, DEMO_TAX_LABEL, demoTaxMinor } from "@/lib/billing/tax";
import { payTestCheckout, testCheckoutIntent } from "@/lib/billing/test-mode";
import { AppError } from "@/lib/errors";
import { parseWith, readOptionalJsonBody } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { TestCheckoutResponse, TestPayRequest, TestPayResponse, TestSessionParams } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withUser({}, async ({ params, principal, db }) => {
  const { sessionId } = parseWith(TestSessionParams, params);
  const intent = await testCheckoutIntent(db, { userId: principal.userId, sessionId });
  const price = (minor: bigint) => formatPrice(minor, intent.currency as BillingCurrency);
  const tax = automaticTaxEnabled() ? demoTaxMinor(intent.expectedAmountMinor) : null;
  return TestCheckoutResponse.parse({
    sessionId,
    status: intent.status,
    kind: intent.kind,
    productId: intent.productId,
    amount: price(intent.expectedAmountMinor),
    pt: intent.expectedPt.toString(),
    expiresAt: intent.expiresAt.toISOString(),
    tax:
      tax === null
        ? null
        : { label: DEMO_TAX_LABEL, amount: price(tax), total: price(intent.expectedAmountMinor + tax) },
  });
});

export const POST = withUser(
  { rateLimit: RATE_LIMIT_POLICIES.billing },
  async ({ params, principal, request, db }) => {
    const { sessionId } = parseWith(TestSessionParams, params);
    const { billing } = parseWith(TestPayRequest, (await readOptionalJsonBody(request)) ?? {});
    if (principal.status === "frozen") throw new AppError("account_frozen");
    const delivered = await payTestCheckout(db, {
      userId: principal.userId,
      sessionId,
      origin: publicOrigin(request),
      billing,
    });
    // A team purchase returns to the team's billing page.
    const { teamId } = await testCheckoutIntent(db, { userId: principal.userId, sessionId });
    return TestPayResponse.parse({
      delivered: delivered.length,
      successUrl: teamId ? `/teams/${teamId}/billing?paid=1` : `/billing/success?session_id=${sessionId}`,
    });
  },
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
