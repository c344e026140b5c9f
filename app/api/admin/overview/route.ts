// GET /api/admin/overview?days= — revenue, PT issued/used, provider cost, margin by day and model.
import { adminOverview } from "@/lib/admin/overview";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { OverviewQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: OverviewQuery }, async ({ query, db }) =>
  adminOverview(db, { days: query.days }),
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
