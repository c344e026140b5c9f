// Admission of one chat turn: every check that can refuse it, the hold that pays for it and the
// saved turn, in a fixed order: requests per minute → entitlement (model tier, verified email, not
// frozen) → concurrent streams → daily PT cap → balance (402). What needs no write is checked
// first (rate limit, price, history, estimate); then the one metered admission that every surface
// shares (lib/metering/admit.ts: slot, today's spend, hold in ONE statement) saves the turn
// alongside (gated on the hold). So a turn is admitted in one round trip, and a refused one leaves
// nothing behind.
import type { ModelMessage } from "ai";
import type { CatalogEntry } from "@/lib/chat/catalog";
import type { HistoryMessage, TurnAction } from "@/lib/chat/history";
import { loadHistory, planTurn, turnCtes } from "@/lib/chat/history";
import type { ChatAccess } from "@/lib/chat/limits";
import { assertChatRate, assertModelAllowed } from "@/lib/chat/limits";
import type { Owner } from "@/lib/chat/owner";
import { ownerKey } from "@/lib/chat/owner";
import { upgradeOptions } from "@/lib/chat/upgrade";
import type { Db } from "@/lib/db";
import type { ModelTier } from "@/lib/entitlements";
import { tierRank } from "@/lib/entitlements";
import { AppError, isAppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Hold, ReserveInput } from "@/lib/ledger/holds";
import { release } from "@/lib/ledger/holds";
import { logger } from "@/lib/logger";
import { admitMetered } from "@/lib/metering/admit";
import { releaseStreamSlot } from "@/lib/metering/stream-slots";
import { estimate } from "@/lib/pricing/estimate";
import type { ModelPrice } from "@/lib/pricing/prices";
import { getCurrentPrice } from "@/lib/pricing/prices";
import type { RateLimitResult } from "@/lib/ratelimit/policies";
import type { TeamPayer } from "@/lib/teams/admission-gate";
import { teamAccount, teamHoldMetadata } from "@/lib/teams/admission-gate";
import { NO_DAILY_CAP } from "@/lib/teams/workspace";

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
  /** The team workspace: its pool pays, within the member's and the team's caps. */
  team?: TeamPayer;
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

type AdmissionRow = { saved?: number };

/** Admits the turn (its slot taken, its worst case held, the turn saved) or throws the first refusal. */
export async function admitTurn(db: Db, input: AdmitInput): Promise<Admission> {
  const { entry, owner, access, messageId, at } = input;
  const [rate, price, history] = await Promise.all([
    assertChatRate(owner, access),
    getCurrentPrice(db, { model: entry.id, at }),
    input.conversationId
      ? loadHistory(db, owner, input.conversationId, input.team?.teamId ?? null)
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
  const team = input.team;
  const reservation: ReserveInput = {
    account: team ? teamAccount(team.teamId) : owner,
    amount: worst.pt,
    key: `chat:${messageId}`,
    ttlSeconds: HOLD_TTL_SECONDS,
    metadata: { messageId, model: entry.id, ...(team ? teamHoldMetadata(team) : {}) },
  };
  let admitted: { hold: Hold; row: AdmissionRow };
  try {
    admitted = await admitMetered<AdmissionRow>(db, {
      reservation,
      slot: { ownerKey: key, limit: access.entitlements.concurrentStreams, requestId: messageId },
      dailyPtCap: team ? NO_DAILY_CAP : access.dailyPtCap,
      at,
      team,
      alongside: turnCtes(owner, {
        conversationId: input.conversationId,
        newConversationId: input.newConversationId,
        model: entry.id,
        message: turn.userMessage,
        messageId,
        at,
        supersedeFrom: turn.supersedeFrom,
        teamId: team?.teamId ?? null,
      }),
      columns: Prisma.sql`(SELECT count(*) FROM turn_messages)::int AS saved`,
      busy: concurrentStreams,
      duplicate: () => new AppError("conflict", "This message was already sent."),
    });
  } catch (error) {
    // The ledger refused: say what would unlock it (a new chat, an upgrade).
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
  const { hold, row } = admitted;
  if (!row.saved) {
    // The conversation went (deleted since its history was read): nothing may stay held.
    await freeAll(db, { holdId: hold.holdId, ownerKey: key, messageId });
    throw new AppError("not_found", "Conversation not found.");
  }
  return { rate, price, messages, promptTokens: worst.inputTokens, hold };
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
    `Your plan allows ${limit} ${limit === 1 ? "reply" : "replies"} at a time (API requests included). Wait for the current one or stop it.`,
    { reason: "concurrent_streams", limit, retryAfter: 1 },
    { "Retry-After": "1" },
  );
}

/**
 * Frees what a refused admission took: its slot and its hold. A failed
 * clean-up still leaves nothing charged: the hold expires (the sweeper voids it) and the slot's
 * lease runs out, both after HOLD_TTL_SECONDS.
 */
async function freeAll(
  db: Db,
  input: { holdId: string; ownerKey: string; messageId: string },
): Promise<void> {
  const log = (what: string) => (error: unknown) =>
    logger.error({ err: error, messageId: input.messageId }, `refused chat turn: ${what} failed`);
  await Promise.all([
    release(db, { holdId: input.holdId }).catch(log("hold release")),
    releaseStreamSlot(db, input).catch(log("slot release")),
  ]);
}
