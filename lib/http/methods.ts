// Every API route answers every HTTP method. Next answers a method a route file does not export
// with an empty 405; a route instead exports the rest through otherMethods, which answers them
// with the JSON `method_not_allowed` error and an `Allow` header (HEAD follows GET, OPTIONS lists
// what is allowed). tests/http/methods.test.ts fails when a route file forgets the line.
import { AppError } from "@/lib/errors";
import type { RouteHandler } from "@/lib/http/route";
import { defineRoute } from "@/lib/http/route";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

// Any handler shape (next-auth's takes a NextRequest); only presence matters, and HEAD reuses GET.
type Implemented = Partial<Record<HttpMethod, (request: never, context: never) => Promise<Response>>>;

const fallbacks = new WeakSet<RouteHandler>();

/** True for a handler made by otherMethods (tests enumerate only what a route implements). */
export function isMethodFallback(handler: unknown): boolean {
  return typeof handler === "function" && fallbacks.has(handler as RouteHandler);
}

/**
 * The handlers for the methods a route does not implement. In a route file, after its handlers:
 * `export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });`
 */
export function otherMethods<H extends Implemented>(
  implemented: H,
): Record<Exclude<HttpMethod, keyof H>, RouteHandler> {
  const allowed = HTTP_METHODS.filter(
    (m) => m in implemented || (m === "HEAD" && "GET" in implemented) || m === "OPTIONS",
  );
  const allow = allowed.join(", ");
  const notAllowed = defineRoute(
    async () => null,
    { rateLimit: false, db: false },
    async () => {
      throw new AppError("method_not_allowed", undefined, undefined, { Allow: allow });
    },
  );
  const options: RouteHandler = async () =>
    new Response(null, { status: 204, headers: { Allow: allow, "cache-control": "no-store" } });
  const out: Partial<Record<HttpMethod, RouteHandler>> = {};
  for (const method of HTTP_METHODS) {
    if (method in implemented) continue;
    // HEAD is GET without the body (the server drops it), as Next does when HEAD is not exported.
    if (method === "HEAD" && implemented.GET) out.HEAD = implemented.GET as unknown as RouteHandler;
    else if (method === "OPTIONS") out.OPTIONS = options;
    else out[method] = notAllowed;
    if (method !== "HEAD" || !implemented.GET) fallbacks.add(out[method] as RouteHandler);
  }
  return out as Record<Exclude<HttpMethod, keyof H>, RouteHandler>;
}
