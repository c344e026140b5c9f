// POST /api/billing/checkout { planId } | { packId } → { url } of a Stripe Checkout session (or
// the built-in test checkout). Only verified, non-frozen users may buy; a second click while the
// checkout is open returns the same session.

import { publicOrigin } from "@/lib/app-url";
import { startCheckout } from "@/lib/billing/checkout";
import { AppError } from "@/lib/errors";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { assertLegalAccepted } from "@/lib/legal/acceptances";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { CheckoutRequest, CheckoutResponse } from "./schema";

export const POST = withUser(
  { body: CheckoutRequest, rateLimit: RATE_LIMIT_POLICIES.billing, maxBodyBytes: 1024 },
  async ({ body, principal, request, db }) => {
    if (principal.status === "frozen") throw new AppError("account_frozen");
    if (!principal.emailVerified)
      throw new AppError("email_unverified", "Verify your email address before buying.");
    await assertLegalAccepted(db, principal.userId);
    const result = await startCheckout(db, {
      userId: principal.userId,
      choice: body,
      origin: publicOrigin(request),
    });
    return CheckoutResponse.parse(result);
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
