// GET /api/admin/disputes?status=&itemType=&q=&sort=&dir=&page=&size= — the queue, with Stripe chargebacks (read-only).
import { listChargebacks, listDisputes } from "@/lib/disputes/queue";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { DisputesQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: DisputesQuery }, async ({ query, db }) => {
  const [page, chargebacks] = await Promise.all([listDisputes(db, query), listChargebacks(db)]);
  return { ...page, chargebacks };
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
