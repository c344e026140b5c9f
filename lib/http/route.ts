// The core of every route wrapper: request context, log line and metrics, rate limit, input
// validation, one call, error mapping. withUser/withAdmin/withCron... add authentication on top.
import type { z } from "zod";
import { env } from "@/lib/env";
import { errorResponse, toAppError } from "@/lib/errors";
import { parseWith, readJsonBody, searchParamsObject } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { REQUEST_ID_HEADER, resolveRequestId } from "@/lib/http/security-headers";
import { logger, requestContext, runWithContext, setContextUser } from "@/lib/logger";
import { observeRequest } from "@/lib/observability/metrics";
import { captureServerError } from "@/lib/observability/sentry";
import { assertWithinLimit } from "@/lib/ratelimit/limiter";
import type { RateLimitPolicy } from "@/lib/ratelimit/policies";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = (request: Request, context: NextRouteContext) => Promise<Response>;

export type BaseContext = {
  request: Request;
  requestId: string;
  ip: string;
  params: Record<string, string>;
};

export type RouteOptions<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  /** Schema of the JSON body; when absent the body is not read. */
  body?: B;
  /** Schema of the query string. */
  query?: Q;
  maxBodyBytes?: number;
  /** Rate-limit policy keyed by client IP (false to skip; defaults to the `api` policy). */
  rateLimit?: RateLimitPolicy | false;
};

export type Parsed<B, Q> = {
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
};

export type Authenticate<P> = (base: BaseContext) => Promise<P>;

/**
 * The client's IP for per-IP limits. Each proxy appends the address it received the request from
 * to X-Forwarded-For, so only the last TRUSTED_PROXY_HOPS entries were written by our own proxies;
 * anything to their left came from the client and may be forged. With the default of one hop (one
 * proxy in front: Vercel, which also overwrites the header, or a single nginx) that is the last
 * entry.
 */
export function clientIp(request: Request): string {
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const hops = env().TRUSTED_PROXY_HOPS;
  const ip = entries[Math.max(0, entries.length - hops)];
  return ip || request.headers.get("x-real-ip") || "127.0.0.1";
}

function flattenParams(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.join("/");
  }
  return out;
}

/**
 * Builds a Next route handler: authenticate(principal) → rate limit → validate → handler.
 * A handler returns a Response, or plain data which is sent as JSON 200.
 */
export function defineRoute<P, B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  authenticate: Authenticate<P>,
  options: RouteOptions<B, Q>,
  handler: (ctx: BaseContext & Parsed<B, Q> & { principal: P }) => Promise<Response | unknown>,
): RouteHandler {
  return async (request, context) => {
    const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
    const started = performance.now();
    const route = new URL(request.url).pathname;
    return runWithContext({ requestId, route }, async () => {
      let response: Response;
      try {
        const base: BaseContext = {
          request,
          requestId,
          ip: clientIp(request),
          params: flattenParams((await context?.params) ?? {}),
        };
        const principal = await authenticate(base);
        const userId = principalUserId(principal);
        if (userId) setContextUser(userId);
        const policy = options.rateLimit === undefined ? RATE_LIMIT_POLICIES.api : options.rateLimit;
        if (policy) await assertWithinLimit(`${policy.name}:${userId ?? base.ip}`, policy);
        const body = options.body
          ? parseWith(options.body, await readJsonBody(request, options.maxBodyBytes))
          : undefined;
        const query = options.query ? parseWith(options.query, searchParamsObject(request.url)) : undefined;
        const result = await handler({ ...base, principal, body, query } as BaseContext &
          Parsed<B, Q> & { principal: P });
        response = result instanceof Response ? result : json(result);
      } catch (error) {
        const appError = toAppError(error);
        if (appError.status >= 500) {
          logger.error({ err: error, route }, "request failed");
          captureServerError(error, { requestId, route, userId: requestContext()?.userId });
        } else logger.info({ code: appError.code, route }, "request refused");
        response = errorResponse(appError, requestId);
      }
      if (!response.headers.has(REQUEST_ID_HEADER)) {
        try {
          response.headers.set(REQUEST_ID_HEADER, requestId);
        } catch {
          // Some responses (e.g. Response.redirect) have immutable headers; the proxy sets it anyway.
        }
      }
      // The one request log line and the one metrics observation of every route handler.
      const seconds = (performance.now() - started) / 1000;
      logger.info(
        { method: request.method, route, status: response.status, durationMs: Math.round(seconds * 1000) },
        "request",
      );
      observeRequest({ method: request.method, route, status: response.status, seconds });
      return response;
    });
  };
}

function principalUserId(principal: unknown): string | undefined {
  if (principal && typeof principal === "object" && "userId" in principal) {
    const id = (principal as { userId?: unknown }).userId;
    return typeof id === "string" ? id : undefined;
  }
  return undefined;
}

/** No authentication: public endpoints (health, webhooks verify their own signature). */
export function withPublic<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<B, Q>,
  handler: (ctx: BaseContext & Parsed<B, Q> & { principal: null }) => Promise<Response | unknown>,
): RouteHandler {
  return defineRoute(async () => null, options, handler);
}
