// The throttles and entitlements of a chat request, all read from the entitlements table by plan:
// requests per minute, concurrent streams (stream-slots.ts), max output tokens, model tier, daily
// PT cap (the lower of the plan's and the user's own), verified email for paid models, frozen
// accounts. These are throttles; the ledger hold is what guarantees no overspend.
import type { GuestPrincipal, UserPrincipal } from "@/lib/auth/principal";
import type { Owner } from "@/lib/chat/owner";
import { ownerKey } from "@/lib/chat/owner";
import type { Db } from "@/lib/chat/types";
import type { Entitlements, ModelTier, PlanId } from "@/lib/entitlements";
import { entitlementsFor, GUEST_PLAN, isPlanId, planAllowsTier, plansUnlocking } from "@/lib/entitlements";
import { AppError } from "@/lib/errors";
import { assertWithinLimit } from "@/lib/ratelimit/limiter";
import type { RateLimitResult } from "@/lib/ratelimit/policies";

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

/** Plan, status and caps of the caller, in one query for a user (none for a guest). */
export async function loadChatAccess(db: Db, principal: UserPrincipal | GuestPrincipal): Promise<ChatAccess> {
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
  const [row] = await db.$queryRaw<AccessRow[]>`
    SELECT u.plan::text AS plan, u.status::text AS status, u."emailVerifiedAt", s."dailyPtCap"
    FROM "User" u LEFT JOIN "ChatSettings" s ON s."userId" = u.id
    WHERE u.id = ${principal.userId}::uuid`;
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

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** PT spent today (UTC): settled charges plus what open streams have reserved. */
export async function spentToday(db: Db, owner: Owner, now: Date = new Date()): Promise<bigint> {
  const since = startOfUtcDay(now);
  const userId = owner.kind === "user" ? owner.userId : null;
  const guestId = owner.kind === "guest" ? owner.guestId : null;
  const [row] = await db.$queryRaw<{ spent: bigint }[]>`
    SELECT coalesce(sum(CASE WHEN m.status = 'streaming' THEN coalesce(m."ptReserved", 0)
                             ELSE coalesce(m."ptCharged", 0) END), 0)::bigint AS spent
    FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
    WHERE m.role = 'assistant' AND m."createdAt" >= ${since}
      AND (CASE WHEN ${userId}::uuid IS NOT NULL THEN c."userId" = ${userId}::uuid
                ELSE c."guestId" = ${guestId}::uuid AND c."userId" IS NULL END)`;
  return row?.spent ?? 0n;
}

export function secondsUntilUtcMidnight(now: Date = new Date()): number {
  const next = startOfUtcDay(now).getTime() + 86_400_000;
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** Refuses a request whose worst case would take today's spend (spentToday()) over the daily cap. */
export function assertDailyCap(access: ChatAccess, spent: bigint, worstCase: bigint): void {
  if (spent + worstCase <= access.dailyPtCap) return;
  const retryAfter = secondsUntilUtcMidnight();
  throw new AppError(
    "rate_limited",
    "You have reached your daily PT limit. It resets at midnight UTC.",
    { reason: "daily_cap", cap: access.dailyPtCap, spent, needed: worstCase, retryAfter },
    { "Retry-After": String(retryAfter) },
  );
}
