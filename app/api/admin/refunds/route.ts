// GET /api/admin/refunds?userId=&refunded= — payments; POST { paymentId, amountMinor?, key } — refund.
import { listPayments, refundAsAdmin } from "@/lib/admin/refunds";
import { getDb } from "@/lib/db";
import { withAdmin } from "@/lib/http/wrappers";
import { PaymentsQuery, RefundRequest } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: PaymentsQuery }, async ({ query }) =>
  listPayments(await getDb(), query),
);

export const POST = withAdmin({ body: RefundRequest }, async ({ body, principal, requestId }) =>
  refundAsAdmin(
    await getDb(),
    { userId: principal.userId, requestId },
    {
      paymentId: body.paymentId,
      amountMinor: body.amountMinor ? BigInt(body.amountMinor) : undefined,
      key: body.key,
      reason: body.reason,
    },
  ),
);
