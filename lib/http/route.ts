// The core of every route wrapper: request context, log line and metrics, rate limit, input
// validation, one call, error mapping. withUser/withAdmin/withCron... add authentication on top.
import type { z } from "zod";
import type { DbClient } from "@/lib/db";
import { getDb } from "@/lib/db";
import { AppError, errorResponse, toAppError } from "@/lib/errors";
import type { FlagName } from "@/lib/feature-flags";
import { assertNoNul, parseWith, readJsonBody, searchParamsObject } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin } from "@/lib/http/origin";
import { json } from "@/lib/http/respond";
import { REQUEST_ID_HEADER, resolveRequestId } from "@/lib/http/security-headers";
import { logger, requestContext, runWithContext, setContextUser } from "@/lib/logger";
import { observeRequest } from "@/lib/observability/metrics";
import { captureServerError } from "@/lib/observability/sentry";
import { assertWithinLimit } from "@/lib/ratelimit/limiter";
import type { RateLimitPolicy } from "@/lib/ratelimit/policies";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { isEnabled } from "@/lib/settings/flags";

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = (request: Request, context: NextRouteContext) => Promise<Response>;

export type BaseContext = {
  request: Request;
  requestId: string;
  ip: string;
  params: Record<string, string>;
};

export type RouteOptions<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  S extends z.ZodType | undefined = undefined,
> = {
  /** Schema of the JSON body; when absent the body is not read. */
  body?: B;
  /** Schema of the query string. */
  query?: Q;
  /** Schema of the path params (`{ id: z.uuid() }`); a mismatch answers 404 like an unknown id. */
  params?: S;
  maxBodyBytes?: number;
  /** Rate-limit policy keyed by client IP (false to skip; defaults to the `api` policy). */
  rateLimit?: RateLimitPolicy | false;
  /** false for a route that never touches the database (its ctx.db throws when used). */
  db?: false;
  /** false for bearer-authenticated APIs, which read no cookie and so need no origin check. */
  sameOrigin?: false;
  /** Another error shape (the /v1 routes answer OpenAI's); defaults to the app's errorResponse. */
  renderError?: (error: AppError, requestId: string) => Response;
  /** A feature flag the route belongs to: while it is off the route answers 404, before anything else. */
  flag?: FlagName;
  /**
   * Told of every 4xx the route answers (the /v1 routes record their refusals): the principal when
   * authentication passed, and the JSON body as read (before validation), when it was read.
   */
  onRefused?: (refusal: Refusal) => Promise<void>;
};

export type Refusal = { error: AppError; principal: unknown; body: unknown; startedAt: number };

export type Parsed<B, Q, S = undefined> = {
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
  params: S extends z.ZodType ? z.output<S> : Record<string, string>;
};

/** What a handler receives: the request, its principal, parsed input and the database client. */
export type RouteContext<P, B, Q, S = undefined> = Omit<BaseContext, "params"> &
  Parsed<B, Q, S> & { principal: P; db: DbClient };

export type RouteHandlerFn<P, B, Q, S = undefined> = (
  ctx: RouteContext<P, B, Q, S>,
) => Promise<Response | unknown>;

export type Authenticate<P> = (base: BaseContext) => Promise<P>;

function flattenParams(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.join("/");
  }
  return out;
}

function parseParams(schema: z.ZodType, params: Record<string, string>): unknown {
  const result = schema.safeParse(params);
  if (!result.success) throw new AppError("not_found");
  return result.data;
}

function dbRefused(): never {
  throw new Error("This route declared db: false and cannot use ctx.db.");
}

/**
 * Builds a Next route handler: authenticate(principal) → rate limit → validate → handler.
 * A handler returns a Response, or plain data which is sent as JSON 200.
 */
export function defineRoute<
  P,
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  S extends z.ZodType | undefined = undefined,
>(
  authenticate: Authenticate<P>,
  options: RouteOptions<B, Q, S>,
  handler: RouteHandlerFn<P, B, Q, S>,
): RouteHandler {
  return async (request, context) => {
    const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
    const started = performance.now();
    const route = new URL(request.url).pathname;
    return runWithContext({ requestId, route }, async () => {
      let response: Response;
      let principal: unknown;
      let raw: unknown;
      try {
        // A feature shipped dark does not exist for its callers (lib/settings/flags.ts, cached).
        if (options.flag && !(await isEnabled(options.flag))) {
          throw new AppError("not_found", "This feature is not enabled on this server.");
        }
        // Before authentication: a forged cross-site request is refused without touching the session.
        if (options.sameOrigin !== false) assertSameOrigin(request);
        const base: BaseContext = {
          request,
          requestId,
          ip: clientIp(request),
          params: flattenParams((await context?.params) ?? {}),
        };
        principal = await authenticate(base);
        const userId = principalUserId(principal);
        if (userId) setContextUser(userId);
        const policy = options.rateLimit === undefined ? RATE_LIMIT_POLICIES.api : options.rateLimit;
        if (policy) await assertWithinLimit(`${policy.name}:${userId ?? base.ip}`, policy);
        if (options.body) raw = await readJsonBody(request, options.maxBodyBytes);
        const body = options.body ? parseWith(options.body, raw) : undefined;
        // Every string a client sends passes a NUL check here, whether or not the route has a schema.
        const searchParams = searchParamsObject(request.url);
        assertNoNul(Object.entries(base.params));
        const query = options.query ? parseWith(options.query, searchParams) : undefined;
        const params = options.params ? parseParams(options.params, base.params) : base.params;
        const ctx = { ...base, principal: principal as P, body, query, params };
        // The process-wide client (opened at start), so handlers need no `await getDb()` of their own.
        if (options.db === false) Object.defineProperty(ctx, "db", { get: dbRefused });
        else Object.assign(ctx, { db: await getDb() });
        const result = await handler(ctx as unknown as RouteContext<P, B, Q, S>);
        response = result instanceof Response ? result : json(result);
      } catch (error) {
        const appError = toAppError(error);
        if (appError.status >= 500) {
          logger.error({ err: error, route }, "request failed");
          captureServerError(error, { requestId, route, userId: requestContext()?.userId });
        } else {
          logger.info({ code: appError.code, route }, "request refused");
          await options
            .onRefused?.({ error: appError, principal, body: raw, startedAt: started })
            .catch((hookError: unknown) =>
              logger.error({ err: hookError, route }, "recording a refusal failed"),
            );
        }
        response = (options.renderError ?? errorResponse)(appError, requestId);
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
  S extends z.ZodType | undefined = undefined,
>(options: RouteOptions<B, Q, S>, handler: RouteHandlerFn<null, B, Q, S>): RouteHandler {
  return defineRoute(async () => null, options, handler);
}
