// Error tracking with Sentry, on only when a DSN is configured. The SDK is loaded lazily (never in
// a bundle or process that has no DSN) and kept on globalThis so route bundles reach the instance
// instrumentation.ts initialized. Privacy: the SDK collects no user info, cookies, bodies, query
// strings, AI inputs/outputs, DB data or local variables, and scrubEvent strips whatever slips
// through, keeping only the user id and the request id. No Sentry tracing (metrics cover latency;
// traces are OpenTelemetry's, lib/observability/tracing.ts, and while those are on Sentry leaves
// the OpenTelemetry globals alone) and no source-map upload: nothing phones home beyond the DSN.
import type { Breadcrumb, ErrorEvent } from "@sentry/nextjs";

type SentryModule = typeof import("@sentry/nextjs");
const globalForSentry = globalThis as typeof globalThis & { __ledgerchatSentry?: SentryModule };

const SAFE_HEADERS = new Set(["user-agent", "content-type", "x-request-id"]);

/** Options shared by the server, edge and browser SDKs (the privacy switches above). */
export function sentryOptions(
  dsn: string,
  environment?: string,
  { tracing = false }: { tracing?: boolean } = {},
): Parameters<SentryModule["init"]>[0] {
  return {
    dsn,
    environment,
    tracesSampleRate: 0,
    // With OpenTelemetry tracing on, @vercel/otel owns the tracer provider and context manager.
    ...(tracing ? { enableOpenTelemetrySetup: false } : {}),
    sendClientReports: false,
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: { request: { allow: [...SAFE_HEADERS] }, response: false },
      httpBodies: [],
      urlQueryParams: false,
      genAI: { inputs: false, outputs: false },
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
    },
    beforeSend: (event: ErrorEvent) => scrubEvent(event),
    beforeBreadcrumb: (crumb: Breadcrumb) => scrubBreadcrumb(crumb),
  };
}

function stripQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/** Keeps the user id only; drops cookies, bodies, query strings and all but a few safe headers. */
export function scrubEvent<E extends ErrorEvent>(event: E): E {
  const id = event.user?.id;
  event.user = id === undefined || id === null ? undefined : { id: String(id) };
  if (event.request) {
    const request = event.request;
    delete request.cookies;
    delete request.data;
    delete request.query_string;
    delete request.env;
    if (request.url) request.url = stripQuery(request.url);
    if (request.headers) {
      request.headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => SAFE_HEADERS.has(name.toLowerCase())),
      );
    }
  }
  if (event.breadcrumbs) event.breadcrumbs = event.breadcrumbs.map(scrubBreadcrumb);
  if (event.extra) delete event.extra;
  return event;
}

export function scrubBreadcrumb<B extends Breadcrumb>(crumb: B): B {
  const data = crumb.data;
  if (data && typeof data.url === "string") data.url = stripQuery(data.url);
  // Console breadcrumbs can carry anything a library printed; keep the level, not the text.
  if (crumb.category === "console") crumb.message = undefined;
  return crumb;
}

/** Loads and initializes the SDK for this runtime (instrumentation.ts). Idempotent per process. */
export async function initSentry(
  dsn: string | undefined,
  environment?: string,
  options: { tracing?: boolean } = {},
): Promise<void> {
  if (!dsn || globalForSentry.__ledgerchatSentry) return;
  const Sentry = await import("@sentry/nextjs");
  Sentry.init(sentryOptions(dsn, environment, options));
  globalForSentry.__ledgerchatSentry = Sentry;
}

export function sentryEnabled(): boolean {
  return globalForSentry.__ledgerchatSentry !== undefined;
}

/** Reports an unexpected server error with the request id and user id (no-op without a DSN). */
export function captureServerError(
  error: unknown,
  context: { requestId?: string; userId?: string; route?: string },
): void {
  const Sentry = globalForSentry.__ledgerchatSentry;
  if (!Sentry) return;
  Sentry.withScope((scope) => {
    if (context.requestId) scope.setTag("requestId", context.requestId);
    if (context.route) scope.setTag("route", context.route);
    if (context.userId) scope.setUser({ id: context.userId });
    Sentry.captureException(error);
  });
}

/** Next's onRequestError hook (errors in pages, server components, actions). */
export function captureRequestError(...args: Parameters<SentryModule["captureRequestError"]>): void {
  const Sentry = globalForSentry.__ledgerchatSentry;
  if (!Sentry) return;
  const [, request] = args;
  const headers = request.headers as Record<string, string | string[] | undefined>;
  const requestId = headers["x-request-id"];
  Sentry.withScope((scope) => {
    if (typeof requestId === "string") scope.setTag("requestId", requestId);
    Sentry.captureRequestError(...args);
  });
}
