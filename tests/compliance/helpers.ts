// Shared setup for the compliance tests: a real database installed as the app's, real session
// cookies for an admin (2FA on), a user, and a JSON request builder carrying our own origin.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { forgetLegalOverrides } from "@/lib/settings/legal";
import { forgetOperatorSettings } from "@/lib/settings/operator";
import { createUser, sessionCookie } from "@/tests/auth/helpers";

export const ctx = { params: Promise.resolve({}) };
export type Handler = (request: Request, context: typeof ctx) => Promise<Response>;

export async function signedIn(
  p: PrismaClient,
  role: "USER" | "ADMIN" = "USER",
  options: { acceptLegal?: boolean } = {},
) {
  const user = await createUser(p, { role, ...options });
  if (role === "ADMIN")
    await p.user.update({ where: { id: user.id }, data: { twoFactorEnabledAt: new Date() } });
  return { ...user, cookie: (await sessionCookie(p, user.id)).cookie };
}

export function post(path: string, body: unknown, cookie?: string): Request {
  return new Request(`http://app.test${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: "http://app.test",
      "x-forwarded-for": "203.0.113.7",
      ...(cookie ? { cookie } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function get(path: string, cookie?: string): Request {
  return new Request(`http://app.test${path}`, { headers: cookie ? { cookie } : {} });
}

/** Forgets every settings cache and rate-limit counter between cases. */
export function freshCaches(): void {
  forgetOperatorSettings();
  forgetLegalOverrides();
  resetRateLimiterForTests();
}
