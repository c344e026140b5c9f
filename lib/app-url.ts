// Where this deployment lives: its public base URL for links and redirects, and whether it is a
// production deployment (where secrets and https are mandatory and test-mode payments are
// refused). Core: read from the environment only, so every domain may use it.
import { env } from "@/lib/env";

/** NODE_ENV=production on a real database: secrets and https are mandatory there. */
export function isProductionDeployment(): boolean {
  const e = env();
  return e.NODE_ENV === "production" && Boolean(e.DATABASE_URL);
}

/**
 * Public base URL for links in emails (never taken from the request's Host header), or an absolute
 * link to `path` under it ("/billing" → "https://app.example.com/billing").
 */
export function appUrl(path = ""): string {
  const e = env();
  const url = e.APP_URL ?? e.NEXTAUTH_URL ?? "http://localhost:3000";
  return url.replace(/\/+$/, "") + path;
}

/**
 * The public origin for Stripe return URLs and test-mode delivery: APP_URL when set, otherwise the
 * origin this request reached (local and embedded runs).
 */
export function publicOrigin(request: Request): string {
  return env().APP_URL?.replace(/\/+$/, "") ?? new URL(request.url).origin;
}
