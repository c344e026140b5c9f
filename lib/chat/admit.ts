// Admission of one chat turn: every check that can refuse it, and the hold that pays for it.
// Refusals are decided in a fixed order: requests per minute → concurrent streams → entitlement
// (model tier, verified email, not frozen) → daily PT cap → balance (402). The database work
// overlaps, though: the hold is placed as soon as the rate limit, the entitlement and the estimate
// allow it, while the stream slot and today's spend are still being read. A refusal by one of
// those later-read checks voids that hold and frees the slot, so a refused request keeps neither
// PT nor a slot, and nothing is charged for it.
import type { ModelMessage } from "ai";
import type { CatalogEntry } from "@/lib/chat/catalog";
import { loadHistory } from "@/lib/chat/history";
import type { ChatAccess } from "@/lib/chat/limits";
import {
  assertChatRate,
  assertDailyCap,
  assertModelAllowed,
  spentSinceSql,
  startOfUtcDay,
} from "@/lib/chat/limits";
import type { Owner } from "@/lib/chat/owner";
import { ownerKey } from "@/lib/chat/owner";
import type { SlotClaim } from "@/lib/chat/stream-slots";
import { acquireStreamSlot, claimSlotSql, releaseStreamSlot } from "@/lib/chat/stream-slots";
import type { Db } from "@/lib/chat/types";
import { upgradeOptions } from "@/lib/chat/upgrade";
import type { ModelTier } from "@/lib/entitlements";
import { tierRank } from "@/lib/entitlements";
import { AppError, isAppError } from "@/lib/errors";
import type { Hold } from "@/lib/ledger/holds";
import { release, reserve } from "@/lib/ledger/holds";
import { logger } from "@/lib/logger";
import { estimate } from "@/lib/pricing/estimate";
import type { ModelPrice } from "@/lib/pricing/prices";
import { getCurrentPrice } from "@/lib/pricing/prices";
import type { RateLimitResult } from "@/lib/ratelimit/policies";

/** A hold outlives the longest stream we allow; the sweeper voids it if we crash. */
export const HOLD_TTL_SECONDS = 600;

export type AdmitInput = {
  entry: CatalogEntry;
  owner: Owner;
  access: ChatAccess;
  messageId: string;
  conversationId?: string;
  message: string;
  maxOutputTokens: number;
  at: Date;
};

export type Admission = {
  rate: RateLimitResult;
  price: ModelPrice;
  /** What the model will see: the history and the new user message. */
  messages: ModelMessage[];
  /** Prompt tokens counted for the estimate (billed when the provider reports no usage). */
  promptTokens: number;
  hold: Hold;
};

/** The model's tier: the stricter of the catalog's and the price row's (fail closed on a mismatch). */
export function modelTier(entry: CatalogEntry, price: ModelPrice): ModelTier {
  if (!entry.tier) return price.tier;
  return tierRank(price.tier) > tierRank(entry.tier) ? price.tier : entry.tier;
}

export function isPaidModel(price: ModelPrice): boolean {
  return price.costMicroUsdPerMInput > 0n || price.costMicroUsdPerMOutput > 0n;
}

type Settled<T> = { value: T } | { error: unknown };
const settled = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
const take = <T>(r: Settled<T>): T => {
  if ("error" in r) throw r.error;
  return r.value;
};

/** Admits the turn (its stream slot taken, its worst case held) or throws the first refusal. */
export async function admitTurn(db: Db, input: AdmitInput): Promise<Admission> {
  const { entry, owner, access, messageId, at } = input;
  const key = ownerKey(owner);
  const rateP = assertChatRate(owner, access);
  const slotAndSpentP = takeSlotReadSpent(db, owner, at, {
    ownerKey: key,
    limit: access.entitlements.concurrentStreams,
    messageId,
    ttlSeconds: HOLD_TTL_SECONDS,
  });
  const slotP = settled(slotAndSpentP.then((r) => r.slot));
  const spentP = settled(slotAndSpentP.then((r) => r.spent));
  const historyP = input.conversationId
    ? loadHistory(db, owner, input.conversationId)
    : Promise.resolve<ModelMessage[]>([]);
  const quotedP = settled(
    (async () => {
      const [, price, history] = await Promise.all([
        rateP,
        getCurrentPrice(db, { model: entry.id, at }),
        historyP,
      ]);
      assertModelAllowed(access, { id: entry.id, tier: modelTier(entry, price), paid: isPaidModel(price) });
      const messages: ModelMessage[] = [...history, { role: "user", content: input.message }];
      const worst = await estimate(db, {
        model: entry.id,
        messages: messages.map((m) => ({ role: m.role, content: String(m.content) })),
        maxOutputTokens: input.maxOutputTokens,
        at,
        price,
      });
      const hold = await settled(
        reserve(db, {
          account: owner,
          amount: worst.pt,
          key: `chat:${messageId}`,
          ttlSeconds: HOLD_TTL_SECONDS,
          metadata: { messageId, model: entry.id },
        }),
      );
      return { price, messages, worst, hold };
    })(),
  );
  const [rate, slot, spent, quoted] = await Promise.all([settled(rateP), slotP, spentP, quotedP]);
  const heldId =
    "value" in quoted && "value" in quoted.value.hold ? quoted.value.hold.value.holdId : undefined;
  try {
    const rateResult = take(rate);
    if (!take(slot)) {
      throw new AppError(
        "rate_limited",
        `Your plan allows ${access.entitlements.concurrentStreams} reply at a time. Wait for the current one or stop it.`,
        { reason: "concurrent_streams", limit: access.entitlements.concurrentStreams, retryAfter: 1 },
        { "Retry-After": "1" },
      );
    }
    const { price, messages, worst, hold } = take(quoted);
    assertDailyCap(access, take(spent), worst.pt);
    if ("error" in hold) {
      const error = hold.error;
      if (isAppError(error) && error.code === "pt_exhausted") {
        const details = (error.details ?? {}) as Record<string, unknown>;
        throw new AppError("pt_exhausted", error.message, { ...details, upgrade: upgradeOptions(access) });
      }
      throw error;
    }
    return { rate: rateResult, price, messages, promptTokens: worst.inputTokens, hold: hold.value };
  } catch (error) {
    await Promise.all([
      heldId ? release(db, { holdId: heldId }).catch(logCleanup("hold release", messageId)) : undefined,
      "value" in slot && slot.value
        ? releaseStreamSlot(db, { ownerKey: key, messageId }).catch(logCleanup("slot release", messageId))
        : undefined,
    ]);
    throw error;
  }
}

/**
 * The stream slot and today's spend in one statement (one round trip on the admission path). When
 * that statement's single attempt finds no free slot, the full acquisition decides: a racer may
 * have taken the slot it picked while another is still free.
 */
export async function takeSlotReadSpent(
  db: Db,
  owner: Owner,
  at: Date,
  claim: SlotClaim,
): Promise<{ slot: boolean; spent: bigint }> {
  const [row] = await db.$queryRaw<{ claimed: number; spent: bigint }[]>`
    WITH claimed AS (${claimSlotSql(claim)}), spent AS (${spentSinceSql(owner, startOfUtcDay(at))})
    SELECT (SELECT count(*) FROM claimed)::int AS claimed, (SELECT spent FROM spent) AS spent`;
  const spent = row?.spent ?? 0n;
  if ((row?.claimed ?? 0) > 0) return { slot: true, spent };
  return { slot: await acquireStreamSlot(db, claim), spent };
}

// A failed clean-up still leaves nothing charged: the hold expires (the sweeper voids it) and the
// slot's lease runs out, both after HOLD_TTL_SECONDS.
const logCleanup = (what: string, messageId: string) => (error: unknown) =>
  logger.error({ err: error, messageId }, `refused chat turn: ${what} failed`);
