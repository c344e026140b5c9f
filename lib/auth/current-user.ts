// The signed-in user for server components and pages, through the same resolveUser as the API
// wrappers (session row checked). Page guards redirect; API routes use lib/http/wrappers.ts.
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { resolveGuest, resolveUser } from "@/lib/auth/principal";
import type { GuestPrincipal, UserPrincipal } from "@/lib/auth/principal-types";

async function currentRequest(): Promise<Request> {
  const jar = await cookies();
  const h = new Headers(await headers());
  h.set(
    "cookie",
    jar
      .getAll()
      .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
      .join("; "),
  );
  return new Request("http://internal/", { headers: h });
}

export async function getCurrentUser(): Promise<UserPrincipal | null> {
  const user = await resolveUser(await currentRequest());
  return user && user.status !== "deleted" ? user : null;
}

export async function getCurrentGuest(): Promise<GuestPrincipal | null> {
  return resolveGuest(await currentRequest());
}

/** Only a safe same-site path may be a post-sign-in destination (no open redirect). */
/**
 * Where to go after signing in: a path on this site (validated by resolving it against a dummy
 * origin, so "//evil", "/\\evil" and tab or newline tricks that browsers strip all fall back),
 * otherwise the chat.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/chat"): string {
  if (!next?.startsWith("/") || Array.from(next).some((c) => c < " " || c === "\\")) return fallback;
  try {
    const base = "http://same-origin.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

export async function requireUserPage(next: string): Promise<UserPrincipal> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(safeNextPath(next))}`);
  return user;
}

/**
 * Admin pages: not signed in → sign-in; not an admin → 404 (admin pages do not advertise
 * themselves); an admin without two-factor authentication → sent to set it up first.
 */
export async function requireAdminPage(next = "/admin"): Promise<UserPrincipal> {
  const user = await requireUserPage(next);
  if (user.role !== "ADMIN") notFound();
  if (!user.twoFactorEnabled)
    redirect(`/account/security?required=2fa&next=${encodeURIComponent(safeNextPath(next))}`);
  return user;
}
