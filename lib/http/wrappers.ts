// The entry-point wrappers: each authenticates its kind of caller, then hands over to
// defineRoute (rate limit, validation, error mapping). Authorization lives here, not in proxy.ts.
import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { authenticateKey } from "@/lib/api/authenticate";
import { openAiErrorResponse } from "@/lib/api/openai-errors";
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import { apiRateHeaders } from "@/lib/api/rate-headers";
import { recordApiRefusal } from "@/lib/api/refusals";
import { resolveGuest, resolveUser } from "@/lib/auth/principal";
import type { GuestPrincipal, UserPrincipal } from "@/lib/auth/principal-types";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { BaseContext, RouteHandler, RouteHandlerFn, RouteOptions } from "@/lib/http/route";
import { defineRoute } from "@/lib/http/route";

type Handler<P, B, Q, S = undefined> = RouteHandlerFn<P, B, Q, S>;

async function requireUser(base: BaseContext): Promise<UserPrincipal> {
  const user = await resolveUser(base.request);
  if (!user || user.status === "deleted") throw new AppError("unauthorized");
  return user;
}

/** A signed-in user (any role). Frozen users may read; spending checks status in the service. */
export function withUser<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  S extends z.ZodType | undefined = undefined,
>(options: RouteOptions<B, Q, S>, handler: Handler<UserPrincipal, B, Q, S>): RouteHandler {
  return defineRoute(requireUser, options, handler);
}

/** An admin who has two-factor authentication enabled. */
export function withAdmin<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  S extends z.ZodType | undefined = undefined,
>(options: RouteOptions<B, Q, S>, handler: Handler<UserPrincipal, B, Q, S>): RouteHandler {
  return defineRoute(
    async (base) => {
      const user = await requireUser(base);
      if (user.role !== "ADMIN") throw new AppError("forbidden");
      if (!user.twoFactorEnabled) throw new AppError("two_factor_required");
      return user;
    },
    options,
    handler,
  );
}

/** A signed-in user, or else a guest identity from its signed cookie. */
export function withGuestOrUser<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  S extends z.ZodType | undefined = undefined,
>(options: RouteOptions<B, Q, S>, handler: Handler<UserPrincipal | GuestPrincipal, B, Q, S>): RouteHandler {
  return defineRoute(
    async (base) => {
      const user = await resolveUser(base.request);
      if (user && user.status !== "deleted") return user;
      const guest = await resolveGuest(base.request);
      if (guest) return guest;
      throw new AppError("unauthorized");
    },
    options,
    handler,
  );
}

/** Constant-time comparison that does not leak the secret's length through early exit. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/**
 * Machine callers with a shared secret: `Authorization: Bearer <secret()>`, compared in constant
 * time; every call is refused while the secret is unset. No rate limit (the caller is trusted).
 */
export function withBearer<
  K extends string,
  Q extends z.ZodType | undefined = undefined,
  S extends z.ZodType | undefined = undefined,
>(
  kind: K,
  secret: () => string | undefined,
  options: RouteOptions<undefined, Q, S>,
  handler: Handler<{ kind: K }, undefined, Q, S>,
): RouteHandler {
  return defineRoute(
    async (base) => {
      const expected = secret();
      const header = base.request.headers.get("authorization") ?? "";
      if (!expected || !header.startsWith("Bearer ") || !safeEqual(header.slice(7), expected)) {
        throw new AppError("unauthorized");
      }
      return { kind };
    },
    { rateLimit: false, ...options },
    handler,
  );
}

/** Vercel cron: `Authorization: Bearer ${CRON_SECRET}`; refused outright when no secret is set. */
export function withCron<
  Q extends z.ZodType | undefined = undefined,
  S extends z.ZodType | undefined = undefined,
>(options: RouteOptions<undefined, Q, S>, handler: Handler<{ kind: "cron" }, undefined, Q, S>): RouteHandler {
  return withBearer("cron", () => env().CRON_SECRET, options, handler);
}

/**
 * The public API (/v1): an API key as `Authorization: Bearer lc_…` (no cookie, so no origin
 * check), its own per-key rate limit instead of the per-IP one, errors in OpenAI's shape. While
 * the public_api flag is off every /v1 route answers OpenAI's 404. Every answer after authentication,
 * a refusal too, carries the key's RateLimit headers. `recordRefusals`: every refusal
 * after the key is known is kept as a request record (the metered routes).
 */
export function withApiKey<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  S extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<B, Q, S> & { recordRefusals?: true },
  handler: Handler<ApiKeyPrincipal, B, Q, S>,
): RouteHandler {
  const { recordRefusals, ...rest } = options;
  // The key's rate-limit verdict, taken at authentication, for every answer after it (refusals too).
  const verdicts = new WeakMap<Request, Record<string, string>>();
  const route = defineRoute(
    async (base) => {
      const principal = await authenticateKey(
        await getDb(),
        base.request.headers.get("authorization"),
        base.ip,
      );
      verdicts.set(base.request, apiRateHeaders(principal));
      return principal;
    },
    {
      ...rest,
      rateLimit: false,
      sameOrigin: false,
      renderError: openAiErrorResponse,
      flag: "public_api",
      onRefused: recordRefusals ? async (refusal) => recordApiRefusal(await getDb(), refusal) : undefined,
    },
    handler,
  );
  return async (request, context) => {
    const response = await route(request, context);
    for (const [name, value] of Object.entries(verdicts.get(request) ?? {})) {
      if (response.headers.has(name)) continue;
      try {
        response.headers.set(name, value);
      } catch {
        // Immutable headers (a redirect): the answer goes out without them.
      }
    }
    return response;
  };
}
