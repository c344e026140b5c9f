// GET /v1/usage: this key's and its account's PT spend over a UTC month, by day and model.
import { UsageQuery, UsageResponse } from "@/app/v1/usage/schema";
import { assertScope } from "@/lib/api/authenticate";
import { usageForKey } from "@/lib/api/catalog";
import { otherMethods } from "@/lib/http/methods";
import { withApiKey } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

export const GET = withApiKey({ query: UsageQuery }, async ({ principal, query, db }) => {
  assertScope(principal, "usage:read");
  return UsageResponse.parse(await usageForKey(db, principal, query.month));
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
