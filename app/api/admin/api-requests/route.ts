// GET /api/admin/api-requests?userId=&keyId=&status=&model=&sort=&dir=&page=&size= — every user's
// /v1 request records, for admins.
import { AdminApiRequestsListQuery, listApiRequests } from "@/lib/api/requests";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: AdminApiRequestsListQuery }, async ({ query, db }) =>
  listApiRequests(db, query),
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
