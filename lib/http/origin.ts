// Defence in depth against cross-site request forgery: a state-changing request (anything but
// GET, HEAD, OPTIONS) that carries our session or guest cookie must come from our own pages.
// SameSite=Lax already keeps today's browsers from sending the cookie cross-site; this also covers
// older browsers, same-site sibling hosts and cookie-tossing. Requests without our cookies are
// untouched: Stripe's webhooks, cron (Bearer) and non-browser clients that send no Origin.
import { guestCookieName, readCookie, sessionCookieName } from "@/lib/auth/config";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.host : undefined;
  } catch {
    return undefined;
  }
}

/** The hosts our own pages are served from: APP_URL, NEXTAUTH_URL and the request's own Host. */
function ownHosts(request: Request): Set<string> {
  const e = env();
  const hosts = [e.APP_URL, e.NEXTAUTH_URL].map(hostOf);
  hosts.push(request.headers.get("host") ?? undefined, request.headers.get("x-forwarded-host") ?? undefined);
  return new Set(hosts.filter((h): h is string => Boolean(h)).map((h) => h.toLowerCase()));
}

/** Throws forbidden_origin for a cookie-authenticated state change from another site. */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const cookie = request.headers.get("cookie");
  if (!readCookie(cookie, sessionCookieName()) && !readCookie(cookie, guestCookieName())) return;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  const foreignOrigin = origin !== null && !ownHosts(request).has(hostOf(origin)?.toLowerCase() ?? "");
  if (foreignOrigin || site === "cross-site") throw new AppError("forbidden_origin");
}
