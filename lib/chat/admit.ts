// Admission of one chat turn: every check that can refuse it, the hold that pays for it and the
// saved turn, in a fixed order: requests per minute → entitlement (model tier, verified email, not
// frozen) → concurrent streams → daily PT cap → balance (402). What needs no write is checked
// first (rate limit, price, history, estimate); then ONE statement takes a stream slot, reads
// today's spend, places the hold (gated on the slot and the cap; the balance is checked under the
// account row lock) and saves the turn (gated on the hold). So a turn is admitted in one round
// trip, and a refused one leaves nothing behind but, at most, the slot it took, which is freed
// before the refusal answers. The daily cap is a throttle read from the statement's snapshot:
// turns of one owner admitted at the same instant (at most its concurrent streams) can pass it
// together. The balance cannot be overspent: the hold's check is exact under the row lock.
import type { ModelMessage } from "ai";
import type { CatalogEntry } from "@/lib/chat/catalog";
import type { HistoryMessage, TurnAction } from "@/lib/chat/history";
import { loadHistory, planTurn, turnCtes } from "@/lib/chat/history";
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
import { claimSlotSql, releaseStreamSlot } from "@/lib/chat/stream-slots";
import { upgradeOptions } from "@/lib/chat/upgrade";
import type { Db } from "@/lib/db";
import type { ModelTier } from "@/lib/entitlements";
import { tierRank } from "@/lib/entitlements";
import { AppError, isAppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Hold, ReserveInput } from "@/lib/ledger/holds";
import { holdOrRefusal, release, reserveComposed } from "@/lib/ledger/holds";
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
  /** An existing conversation of the owner's, or none: a new one is created as newConversationId. */
  conversationId?: string;
  newConversationId: string;
  /** "send" (default) adds `message`; "regenerate" answers the last one again; "edit" replaces it. */
  action?: TurnAction;
  message?: string;
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

type AdmissionRow = { claimed?: number; busy?: number; spent?: bigint; saved?: number };

/** Admits the turn (its slot taken, its worst case held, the turn saved) or throws the first refusal. */
export async function admitTurn(db: Db, input: AdmitInput): Promise<Admission> {
  const { entry, owner, access, messageId, at } = input;
  const [rate, price, history] = await Promise.all([
    assertChatRate(owner, access),
    getCurrentPrice(db, { model: entry.id, at }),
    input.conversationId
      ? loadHistory(db, owner, input.conversationId)
      : Promise.resolve<HistoryMessage[]>([]),
  ]);
  assertModelAllowed(access, { id: entry.id, tier: modelTier(entry, price), paid: isPaidModel(price) });
  const turn = planTurn(history, input.action ?? "send", input.message);
  const messages: ModelMessage[] = turn.prompt;
  const worst = await estimate(db, {
    model: entry.id,
    messages: messages.map((m) => ({ role: m.role, content: String(m.content) })),
    maxOutputTokens: input.maxOutputTokens,
    at,
    price,
  });

  const key = ownerKey(owner);
  const limit = access.entitlements.concurrentStreams;
  const reservation: ReserveInput = {
    account: owner,
    amount: worst.pt,
    key: `chat:${messageId}`,
    ttlSeconds: HOLD_TTL_SECONDS,
    metadata: { messageId, model: entry.id },
  };
  const compose = {
    before: Prisma.sql`
      claimed AS (${claimSlotSql({ ownerKey: key, limit, messageId, ttlSeconds: HOLD_TTL_SECONDS })}),
      spent AS (${spentSinceSql(owner, startOfUtcDay(at))})`,
    gate: Prisma.sql`EXISTS (SELECT 1 FROM claimed)
      AND (SELECT spent FROM spent) + ${worst.pt}::bigint <= ${access.dailyPtCap}::bigint`,
    alongside: turnCtes(owner, {
      conversationId: input.conversationId,
      newConversationId: input.newConversationId,
      model: entry.id,
      message: turn.userMessage,
      messageId,
      at,
      supersedeFrom: turn.supersedeFrom,
    }),
    columns: Prisma.sql`(SELECT count(*) FROM claimed)::int AS claimed,
      CASE WHEN EXISTS (SELECT 1 FROM claimed) THEN 0 ELSE (SELECT count(*) FROM "ChatStreamSlot"
        WHERE "ownerKey" = ${key} AND "expiresAt" > now()) END::int AS busy,
      (SELECT spent FROM spent) AS spent, (SELECT count(*) FROM turn_messages)::int AS saved`,
  };

  // Two racers may pick the same free slot: the loser's statement claims none and places nothing,
  // so it tries again while the snapshot showed a slot free (at most once per slot).
  for (let attempt = 0; attempt <= limit; attempt++) {
    const { hold, row } = await reserveComposed<AdmissionRow>(db, reservation, compose);
    // A unique violation on the hold key rolled the whole statement back: a message id is never
    // admitted twice.
    if (row.claimed === undefined) throw new AppError("conflict", "This message was already sent.");
    if (hold && row.saved) return { rate, price, messages, promptTokens: worst.inputTokens, hold };
    if (hold) {
      // The conversation went (deleted since its history was read): nothing may stay held.
      await freeAll(db, { holdId: hold.holdId, ownerKey: key, messageId });
      throw new AppError("not_found", "Conversation not found.");
    }
    if (row.claimed === 0) {
      if ((row.busy ?? 0) < limit) continue;
      throw concurrentStreams(limit);
    }
    if (row.claimed) await freeAll(db, { ownerKey: key, messageId });
    assertDailyCap(access, row.spent ?? 0n, worst.pt);
    // The slot and the cap allowed it, so the ledger refused: say why (and what would unlock it).
    try {
      await holdOrRefusal(db, reservation);
    } catch (error) {
      if (isAppError(error) && error.code === "pt_exhausted") {
        const details = (error.details ?? {}) as Record<string, unknown>;
        const newChat = await newChatNeeded(db, input, messages, price);
        throw new AppError("pt_exhausted", error.message, {
          ...details,
          ...(newChat === null ? {} : { newChatNeeded: newChat.toString() }),
          upgrade: upgradeOptions(access),
        });
      }
      throw error;
    }
    throw new AppError("conflict", "This message was already sent.");
  }
  throw concurrentStreams(limit);
}

/**
 * What the same message would hold in a new chat, when the conversation's history is part of this
 * one's worst case: the refusal can then offer "start a new chat" instead of only a top-up.
 */
async function newChatNeeded(
  db: Db,
  input: AdmitInput,
  messages: ModelMessage[],
  price: ModelPrice,
): Promise<bigint | null> {
  const last = messages.at(-1);
  if (messages.length < 2 || last?.role !== "user") return null;
  const alone = await estimate(db, {
    model: input.entry.id,
    messages: [{ role: "user", content: String(last.content) }],
    maxOutputTokens: input.maxOutputTokens,
    at: input.at,
    price,
  });
  return alone.pt;
}

function concurrentStreams(limit: number): AppError {
  return new AppError(
    "rate_limited",
    `Your plan allows ${limit} ${limit === 1 ? "reply" : "replies"} at a time. Wait for the current one or stop it.`,
    { reason: "concurrent_streams", limit, retryAfter: 1 },
    { "Retry-After": "1" },
  );
}

/**
 * Frees what a refused admission took: its slot and, when one was placed, its hold. A failed
 * clean-up still leaves nothing charged: the hold expires (the sweeper voids it) and the slot's
 * lease runs out, both after HOLD_TTL_SECONDS.
 */
async function freeAll(
  db: Db,
  input: { holdId?: string; ownerKey: string; messageId: string },
): Promise<void> {
  const log = (what: string) => (error: unknown) =>
    logger.error({ err: error, messageId: input.messageId }, `refused chat turn: ${what} failed`);
  await Promise.all([
    input.holdId ? release(db, { holdId: input.holdId }).catch(log("hold release")) : undefined,
    releaseStreamSlot(db, input).catch(log("slot release")),
  ]);
}
