// Where this deployment lives: its public base URL for links and redirects, and whether it is a
// production deployment (where secrets and https are mandatory and test-mode payments are
// refused). Core: read from the environment only, so every domain may use it.
import { appOrigin, env, isLoopbackHost } from "@/lib/env";

/** NODE_ENV=production on a real database: secrets and https are mandatory there. */
export function isProductionDeployment(): boolean {
  const e = env();
  return e.NODE_ENV === "production" && Boolean(e.DATABASE_URL);
}

/**
 * Public base URL for links in emails (never taken from the request's Host header), or an absolute
 * link to `path` under it ("/billing" → "https://app.example.com/billing"). Without APP_URL it is
 * the URL the server listens on (lib/env appOrigin), so links are right on any PORT.
 */
export function appUrl(path = ""): string {
  return appOrigin() + path;
}

/**
 * The public origin for Stripe return URLs and test-mode delivery. A configured APP_URL wins. On a
 * local run without one, the checkout returns to the loopback name the browser used (localhost or
 * 127.0.0.1 — different cookie jars), so the session survives the round trip. Any other host is
 * ignored (the Host header is the client's to forge) in favour of the URL the server listens on;
 * a forged loopback one could only send the forger's own checkout back to the forger's machine.
 */
export function publicOrigin(request: Request): string {
  const e = env();
  if (e.APP_URL || e.NEXTAUTH_URL) return appOrigin(e);
  const host = request.headers.get("host") ?? new URL(request.url).host;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (match && isLoopbackHost(match[1])) return `http://${host}`;
  return appOrigin(e);
}
