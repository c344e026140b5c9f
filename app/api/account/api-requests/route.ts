// GET /api/account/api-requests?keyId=&status=&model=&sort=&dir=&page=&size= — the caller's own /v1
// request records (per key, model, tokens, PT, status, duration), newest first, paged (404 while
// the public_api flag is off).
import { ApiRequestsQuery, ApiRequestsResponse } from "@/app/api/account/api-requests/schema";
import { listApiRequests } from "@/lib/api/requests";
import { bigintReplacer } from "@/lib/errors";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

export const GET = withUser(
  { query: ApiRequestsQuery, flag: "public_api" },
  async ({ principal, query, db }) => {
    const page = await listApiRequests(db, { ...query, userId: principal.userId });
    // Validated on the way out: the documented schema (OpenAPI) is what the route answers.
    return ApiRequestsResponse.parse(JSON.parse(JSON.stringify(page, bigintReplacer)));
  },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
