// GET /api/account/api-requests?keyId=&status=&model=&sort=&dir=&page=&size= — the caller's own /v1
// request records (per key, model, tokens, PT, status, duration), newest first, paged (404 while
// the public_api flag is off).
import { ApiRequestsQuery } from "@/app/api/account/api-requests/schema";
import { listApiRequests } from "@/lib/api/requests";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

export const GET = withUser(
  { query: ApiRequestsQuery, flag: "public_api" },
  async ({ principal, query, db }) => listApiRequests(db, { ...query, userId: principal.userId }),
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
