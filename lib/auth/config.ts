// Auth configuration derived from the environment: cookie names and flags,
// session lifetimes. Cookies are Secure (and __Secure- prefixed) whenever the app's public URL
// is https, or in a production deployment that did not say otherwise.
import { isProductionDeployment } from "@/lib/app-url";
import { env } from "@/lib/env";

export function secureCookies(): boolean {
  const e = env();
  const configured = e.NEXTAUTH_URL ?? e.APP_URL;
  if (configured) return configured.startsWith("https://");
  return isProductionDeployment();
}

export function sessionCookieName(): string {
  return secureCookies() ? "__Secure-ledgerchat.session" : "ledgerchat.session";
}

export function guestCookieName(): string {
  return secureCookies() ? "__Secure-ledgerchat.guest" : "ledgerchat.guest";
}

/**
 * Whether a request carries a session or a guest cookie at all (valid or not): a page can then tell
 * a first-time visitor, who should become a guest before calling anything, from everyone else.
 */
export function hasIdentityCookie(cookieHeader: string | null): boolean {
  return (
    readCookie(cookieHeader, sessionCookieName()) !== undefined ||
    readCookie(cookieHeader, guestCookieName()) !== undefined
  );
}

export type SessionPolicy = { idleMs: number; maxAgeMs: number };

export function sessionPolicy(): SessionPolicy {
  const e = env();
  return { idleMs: e.SESSION_IDLE_MINUTES * 60_000, maxAgeMs: e.SESSION_MAX_DAYS * 86_400_000 };
}

/** Reads one cookie from a Cookie header (first occurrence wins, as browsers send most specific first). */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}
