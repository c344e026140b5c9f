// GET /api/admin/refunds?userId=&refunded=&kind=&sort=&dir=&page=&size= — payments;
// POST { paymentId, amount? ("12.50", in the payment's currency) | amountMinor?, key } — refund.
import { listPayments, refundAsAdmin } from "@/lib/admin/refunds";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { PaymentsQuery, RefundRequest } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: PaymentsQuery }, async ({ query, db }) => listPayments(db, query));

export const POST = withAdmin({ body: RefundRequest }, async ({ body, principal, requestId, db }) =>
  refundAsAdmin(
    db,
    { userId: principal.userId, requestId },
    {
      paymentId: body.paymentId,
      amount: body.amount,
      amountMinor: body.amountMinor ? BigInt(body.amountMinor) : undefined,
      key: body.key,
      reason: body.reason,
    },
  ),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
