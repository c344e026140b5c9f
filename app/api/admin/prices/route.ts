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

export const POST = withAdmin({ body: NewPriceRequest }, async ({ body, principal, requestId, db }) => {
  const { provider, model, tier, effectiveFrom, confirmLargeChange, longContextThreshold, ...rates } = body;
  // Every rate arrives as a whole-number string (checked by the schema); an omitted one takes its default.
  const amounts = Object.fromEntries(
    Object.entries(rates).flatMap(([k, v]) => (v === undefined ? [] : [[k, BigInt(v)]])),
  ) as Record<keyof typeof rates, bigint>;
  return addPriceAsAdmin(
    db,
    { userId: principal.userId, requestId },
    {
      ...amounts,
      provider,
      model,
      tier,
      longContextThreshold: longContextThreshold === undefined ? null : Number(longContextThreshold),
      effectiveFrom,
      confirmLargeChange,
    },
  );
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
