// next-auth's endpoints (/api/auth/csrf, /callback/credentials, /signout, ...). Wrapped so every
// request gets a request id in its log lines, a body cap, and the per-IP `auth` rate limit on
// the POSTs that check credentials. Authorization of app routes is in lib/http/wrappers.ts.
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth-options";
import { AppError, errorResponse, toAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { REQUEST_ID_HEADER, resolveRequestId } from "@/lib/http/security-headers";
import { logger, runWithContext } from "@/lib/logger";
import { assertWithinLimit } from "@/lib/ratelimit/limiter";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";

type Context = { params: Promise<{ nextauth: string[] }> };

const MAX_BODY_BYTES = 16 * 1024;

async function handle(request: NextRequest, context: Context): Promise<Response> {
  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  const route = request.nextUrl.pathname;
  return runWithContext({ requestId, route }, async () => {
    let response: Response;
    try {
      if (request.method === "POST") {
        if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
          throw new AppError("payload_too_large");
        if (/^\/api\/auth\/(callback|signin)\//.test(route)) {
          await assertWithinLimit(
            `${RATE_LIMIT_POLICIES.auth.name}:${clientIp(request)}`,
            RATE_LIMIT_POLICIES.auth,
          );
        }
      }
      response = await NextAuth(request, context, authOptions());
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status >= 500) logger.error({ err: error, route }, "auth request failed");
      else logger.info({ code: appError.code, route }, "auth request refused");
      response = errorResponse(appError, requestId);
    }
    logger.info({ method: request.method, route, status: response.status }, "request");
    return response;
  });
}

export { handle as GET, handle as POST };
