// The throttles and entitlements of a chat request, all read from the entitlements table by plan:
// requests per minute, concurrent streams (lib/metering/stream-slots.ts), max output tokens, model
// tier, daily PT cap (the lower of the plan's and the user's own; checked per account at admission,
// lib/metering/admit.ts), verified email for paid models, frozen accounts. These are throttles; the ledger hold is what guarantees no overspend.
import type { GuestPrincipal, UserPrincipal } from "@/lib/auth/principal-types";
import type { Owner } from "@/lib/chat/owner";
import { ownerKey } from "@/lib/chat/owner";
import type { Db } from "@/lib/db";
import type { Entitlements, ModelTier, PlanId } from "@/lib/entitlements";
import { entitlementsFor, GUEST_PLAN, isPlanId, planAllowsTier, plansUnlocking } from "@/lib/entitlements";
import { AppError } from "@/lib/errors";
import { spentSince } from "@/lib/ledger/spent";
import { startOfUtcDay } from "@/lib/metering/admit";
import { assertWithinLimit } from "@/lib/ratelimit/limiter";
import type { RateLimitResult } from "@/lib/ratelimit/policies";
import { ttlCache, USER_ACCESS_CACHE } from "@/lib/ttl-cache";

export type ChatAccess = {
  plan: PlanId;
  entitlements: Entitlements;
  /** Effective daily cap: min(plan cap, the user's own cap). */
  dailyPtCap: bigint;
  userDailyPtCap: bigint | null;
  emailVerified: boolean;
  frozen: boolean;
  isGuest: boolean;
};

type AccessRow = { plan: string; status: string; emailVerifiedAt: Date | null; dailyPtCap: bigint | null };

/**
 * The chat path reads a user's plan, status and caps through a per-process cache of at most 5 s,
 * like the session itself (lib/auth/sessions.ts): a change reaches this instance at once (the
 * writers call forgetChatAccess, or forgetCached(USER_ACCESS_CACHE, userId) from another domain)
 * and every other instance within 5 s. Money does not depend on
 * it: the ledger's hold reads the balance and the account's frozen flag live on every request.
 */
const ACCESS_CACHE_MS = 5_000;
const accessCache = ttlCache<AccessRow>(USER_ACCESS_CACHE, ACCESS_CACHE_MS);

/** Forgets the cached plan, status and caps of one user. */
export function forgetChatAccess(userId: string): void {
  accessCache.delete(userId);
}

/**
 * Plan, status and caps of the caller, in one query for a user (none for a guest). `cached`
 * (the chat path) may answer from the 5 s cache above; settings pages read the row live.
 */
export async function loadChatAccess(
  db: Db,
  principal: UserPrincipal | GuestPrincipal,
  { cached = false }: { cached?: boolean } = {},
): Promise<ChatAccess> {
  if (principal.kind === "guest") {
    const ent = entitlementsFor(GUEST_PLAN);
    return {
      plan: GUEST_PLAN,
      entitlements: ent,
      dailyPtCap: ent.dailyPtCap,
      userDailyPtCap: null,
      emailVerified: false,
      frozen: false,
      isGuest: true,
    };
  }
  let row = cached ? accessCache.get(principal.userId) : undefined;
  if (!row) {
    [row] = await db.$queryRaw<AccessRow[]>`
      SELECT u.plan::text AS plan, u.status::text AS status, u."emailVerifiedAt", s."dailyPtCap"
      FROM "User" u LEFT JOIN "ChatSettings" s ON s."userId" = u.id
      WHERE u.id = ${principal.userId}::uuid`;
    if (row) accessCache.set(principal.userId, row);
  }
  if (!row || row.status === "deleted") throw new AppError("unauthorized");
  const plan = isPlanId(row.plan) ? row.plan : "free";
  const ent = entitlementsFor(plan);
  const own = row.dailyPtCap;
  return {
    plan,
    entitlements: ent,
    dailyPtCap: own !== null && own < ent.dailyPtCap ? own : ent.dailyPtCap,
    userDailyPtCap: own,
    emailVerified: principal.emailVerified || row.emailVerifiedAt !== null,
    frozen: principal.status === "frozen" || row.status === "frozen",
    isGuest: false,
  };
}

/** Requests per minute for this owner under its plan (429 with RateLimit headers when over). */
export function assertChatRate(owner: Owner, access: ChatAccess): Promise<RateLimitResult> {
  return assertWithinLimit(`chat:${ownerKey(owner)}`, {
    name: `chat_${access.plan}`,
    limit: access.entitlements.requestsPerMinute,
    windowSeconds: 60,
  });
}

/** Tier, email and freeze checks for one model. A paid model is one with a provider cost. */
export function assertModelAllowed(
  access: ChatAccess,
  model: { id: string; tier: ModelTier; paid: boolean },
): void {
  if (access.frozen) throw new AppError("account_frozen", "This account is frozen; chat is paused.");
  if (!planAllowsTier(access.plan, model.tier)) {
    throw new AppError("forbidden", `${model.id} needs a higher plan.`, {
      reason: "model_locked",
      model: model.id,
      upgrade: plansUnlocking(model.tier),
    });
  }
  if (model.paid && !access.emailVerified) {
    throw new AppError(
      "email_unverified",
      access.isGuest
        ? "Create an account to use this model."
        : "Verify your email address to use this model.",
      { reason: access.isGuest ? "sign_up_required" : "email_unverified", model: model.id },
    );
  }
}

/** PT the owner's account spent today (UTC), on every surface: settled charges plus open holds. */
export async function spentToday(db: Db, owner: Owner, now: Date = new Date()): Promise<bigint> {
  return spentSince(db, owner, startOfUtcDay(now));
}
