// GET /api/admin/prices?model= — current prices or one model's history; POST — a new price row.
import { addPriceAsAdmin } from "@/lib/admin/pricing";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { currentPrices, priceHistory } from "@/lib/pricing/prices";
import { NewPriceRequest, PricesQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: PricesQuery }, async ({ query, db }) => {
  return { items: query.model ? await priceHistory(db, query.model) : await currentPrices(db) };
});

export const POST = withAdmin({ body: NewPriceRequest }, async ({ body, principal, requestId, db }) =>
  addPriceAsAdmin(
    db,
    { userId: principal.userId, requestId },
    {
      provider: body.provider,
      model: body.model,
      tier: body.tier,
      ptPerMInput: BigInt(body.ptPerMInput),
      ptPerMOutput: BigInt(body.ptPerMOutput),
      costMicroUsdPerMInput: BigInt(body.costMicroUsdPerMInput),
      costMicroUsdPerMOutput: BigInt(body.costMicroUsdPerMOutput),
      effectiveFrom: body.effectiveFrom,
      confirmLargeChange: body.confirmLargeChange,
    },
  ),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
