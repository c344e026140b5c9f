// next-auth's endpoints (/api/auth/csrf, /callback/credentials, /signout, ...). Wrapped so every
// request gets a request id in its log lines, the same body guard as every other route (size cap,
// malformed JSON and NUL characters answer 4xx JSON before next-auth's own parser can throw), and
// the per-IP `auth` rate limit on the POSTs that check credentials. Authorization of app routes
// is in lib/http/wrappers.ts.
import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth-options";
import { errorResponse, toAppError } from "@/lib/errors";
import { readCheckedBodyText, searchParamsObject } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { otherMethods } from "@/lib/http/methods";
import { REQUEST_ID_HEADER, resolveRequestId } from "@/lib/http/security-headers";
import { logger, runWithContext } from "@/lib/logger";
import { assertWithinLimit } from "@/lib/ratelimit/limiter";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";

type Context = { params: Promise<{ nextauth: string[] }> };

const MAX_BODY_BYTES = 16 * 1024;

async function handle(incoming: NextRequest, context: Context): Promise<Response> {
  const requestId = resolveRequestId(incoming.headers.get(REQUEST_ID_HEADER));
  const route = new URL(incoming.url).pathname;
  return runWithContext({ requestId, route }, async () => {
    let response: Response;
    try {
      let request = incoming;
      searchParamsObject(request.url);
      if (request.method === "POST") {
        if (/^\/api\/auth\/(callback|signin)\//.test(route)) {
          await assertWithinLimit(
            `${RATE_LIMIT_POLICIES.auth.name}:${clientIp(request)}`,
            RATE_LIMIT_POLICIES.auth,
          );
        }
        // The body can be read once: checked here, then handed to next-auth as a fresh request.
        const body = await readCheckedBodyText(request, MAX_BODY_BYTES);
        request = new NextRequest(request.url, { method: "POST", headers: request.headers, body });
      }
      response = await NextAuth(request, context, authOptions());
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status >= 500) logger.error({ err: error, route }, "auth request failed");
      else logger.info({ code: appError.code, route }, "auth request refused");
      response = errorResponse(appError, requestId);
    }
    logger.info({ method: incoming.method, route, status: response.status }, "request");
    return response;
  });
}

export { handle as GET, handle as POST };

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET: handle, POST: handle });
