// RFC 8058 one-click unsubscribe, the target of non-essential mail's List-Unsubscribe header.
// POST (the mail client's one click, or the confirmation page's button) turns the token's category
// off: no sign-in and no same-origin check, since the signed token is the authority and the only
// effect is less mail. GET never unsubscribes (link scanners prefetch): it sends a person to the
// confirmation page. A browser form post without scripts is sent back to that page, done.
import { appUrl } from "@/lib/app-url";
import { unsubscribeWithToken } from "@/lib/email/preferences";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { UnsubscribeQuery } from "./schema";

// The page on APP_URL (the origin the link in the mail named), never the request's Host header.
const page = (token: string, done = false) =>
  appUrl(`/unsubscribe?${new URLSearchParams({ token, ...(done ? { done: "1" } : {}) })}`);

export const GET = withPublic(
  { query: UnsubscribeQuery, rateLimit: RATE_LIMIT_POLICIES.api, db: false },
  async ({ query }) => Response.redirect(page(query.token), 303),
);

export const POST = withPublic(
  { query: UnsubscribeQuery, rateLimit: RATE_LIMIT_POLICIES.api, sameOrigin: false },
  async ({ query, request, db }) => {
    const result = await unsubscribeWithToken(db, query.token);
    const html = (request.headers.get("accept") ?? "").includes("text/html");
    const form = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
    // Mail clients' one-click POSTs get the JSON answer (RFC 8058 wants no redirect for them).
    if (html && form && request.headers.get("sec-fetch-mode") === "navigate")
      return Response.redirect(page(query.token, true), 303);
    return { unsubscribed: true, ...result };
  },
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
