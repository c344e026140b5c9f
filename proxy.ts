// Next 16 proxy (the renamed middleware): request id and security headers only. It makes no
// authorization decisions; every route handler checks session, role and ownership itself.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import {
  contentSecurityPolicy,
  GA4_ORIGINS,
  generateNonce,
  NONCE_HEADER,
  REQUEST_ID_HEADER,
  resolveRequestId,
  sentryIngestOrigin,
  staticSecurityHeaders,
} from "@/lib/http/security-headers";

export function proxy(request: NextRequest): NextResponse {
  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  const nonce = generateNonce();
  const e = env();
  const sentry = sentryIngestOrigin(e.NEXT_PUBLIC_SENTRY_DSN);
  // Google's hosts only while a GA4 id is configured (read at run time: one build, any operator).
  const tags = e.ANALYTICS_GA4_ID ? GA4_ORIGINS : [];
  const csp = contentSecurityPolicy(nonce, e.NODE_ENV === "development", sentry ? [sentry] : [], tags);

  // Next reads the request-side CSP header to put the nonce on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of Object.entries(staticSecurityHeaders())) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages only. Static assets carry no nonce, and API routes answer JSON or event streams, never a
  // document: both get their headers from next.config.ts (API_CSP for /api and the public /v1), and every route
  // handler sets its own request id (lib/http/route.ts), so the chat path skips this hop.
  matcher: [{ source: "/((?!api/|v1/|_next/static|_next/image|favicon.ico).*)" }],
};
