// One chat turn, in the order that keeps money safe: rate limit (requests per minute, concurrent
// streams) → entitlement (tier, verified email for paid models, not frozen) → estimate → reserve
// (402 when short) → save the turn → stream → settle exactly once (finish, abort or error).
import { randomUUID } from "node:crypto";
import type { ModelMessage } from "ai";
import type { GuestPrincipal, UserPrincipal } from "@/lib/auth/principal";
import type { CatalogEntry } from "@/lib/chat/catalog";
import { findConfiguredModel } from "@/lib/chat/catalog";
import { appendTurn, loadHistory } from "@/lib/chat/history";
import {
  assertChatRate,
  assertDailyCap,
  assertModelAllowed,
  loadChatAccess,
  spentToday,
} from "@/lib/chat/limits";
import { callModel } from "@/lib/chat/model-call";
import { ownerKey, ownerOf } from "@/lib/chat/owner";
import { languageModelFor } from "@/lib/chat/providers";
import { settleMessage } from "@/lib/chat/settle";
import { acquireStreamSlot, releaseStreamSlot } from "@/lib/chat/stream-slots";
import type { Db } from "@/lib/chat/types";
import { chatStreamResponse } from "@/lib/chat/ui-stream";
import { upgradeOptions } from "@/lib/chat/upgrade";
import type { ModelTier } from "@/lib/entitlements";
import { tierRank } from "@/lib/entitlements";
import { AppError, isAppError } from "@/lib/errors";
import { reserve } from "@/lib/ledger/holds";
import { logger } from "@/lib/logger";
import { estimate } from "@/lib/pricing/estimate";
import type { ModelPrice } from "@/lib/pricing/prices";
import { getCurrentPrice } from "@/lib/pricing/prices";
import { rateLimitHeaders } from "@/lib/ratelimit/headers";

/** A hold outlives the longest stream we allow; the sweeper voids it if we crash. */
export const HOLD_TTL_SECONDS = 600;
export const MAX_STREAM_SECONDS = 300;

export type SendMessageInput = {
  principal: UserPrincipal | GuestPrincipal;
  conversationId?: string;
  model: string;
  message: string;
  maxOutputTokens?: number;
  signal: AbortSignal;
};

/** The model's tier: the stricter of the catalog's and the price row's (fail closed on a mismatch). */
export function modelTier(entry: CatalogEntry, price: ModelPrice): ModelTier {
  if (!entry.tier) return price.tier;
  return tierRank(price.tier) > tierRank(entry.tier) ? price.tier : entry.tier;
}

export function isPaidModel(price: ModelPrice): boolean {
  return price.costMicroUsdPerMInput > 0n || price.costMicroUsdPerMOutput > 0n;
}

export async function sendMessage(db: Db, input: SendMessageInput): Promise<Response> {
  const entry = findConfiguredModel(input.model);
  if (!entry)
    throw new AppError("validation_failed", "Unknown model.", [{ path: "model", message: "unknown model" }]);
  // Before any hold: a model whose provider is not configured is refused with nothing to undo.
  const model = languageModelFor(entry);
  const owner = ownerOf(input.principal);
  const key = ownerKey(owner);
  const at = new Date();

  // Reads that decide the request run concurrently (one round trip of latency instead of five);
  // the decisions below are still taken in order: rate → streams → entitlement → estimate → reserve.
  const access = await loadChatAccess(db, input.principal);
  const messageId = randomUUID();
  const maxOutputTokens = Math.min(
    input.maxOutputTokens ?? access.entitlements.maxOutputTokens,
    access.entitlements.maxOutputTokens,
  );
  const settled = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  const rateP = settled(assertChatRate(owner, access));
  const slotP = settled(
    acquireStreamSlot(db, {
      ownerKey: key,
      limit: access.entitlements.concurrentStreams,
      messageId,
      ttlSeconds: HOLD_TTL_SECONDS,
    }),
  );
  const pricedP = getCurrentPrice(db, { model: entry.id, at });
  const priceP = settled(pricedP);
  const spentP = settled(spentToday(db, owner, at));
  const historyP = settled(
    input.conversationId ? loadHistory(db, owner, input.conversationId) : Promise.resolve<ModelMessage[]>([]),
  );
  const quoteP = historyP.then((h) =>
    "error" in h
      ? h
      : settled(
          pricedP.then((price) =>
            estimate(db, {
              model: entry.id,
              messages: [...h.value, { role: "user" as const, content: input.message }].map((m) => ({
                role: m.role,
                content: String(m.content),
              })),
              maxOutputTokens,
              at,
              price,
            }),
          ),
        ),
  );
  const [rate, slot, price, spent, history, quote] = await Promise.all([
    rateP,
    slotP,
    priceP,
    spentP,
    historyP,
    quoteP,
  ]);
  const take = <T>(r: { value: T } | { error: unknown }): T => {
    if ("error" in r) throw r.error;
    return r.value;
  };
  let handedOver = false;
  try {
    // 1. Throttles: requests per minute, then a concurrent-stream slot (released on any refusal).
    const rateResult = take(rate);
    if (!take(slot)) {
      throw new AppError(
        "rate_limited",
        `Your plan allows ${access.entitlements.concurrentStreams} reply at a time. Wait for the current one or stop it.`,
        { reason: "concurrent_streams", limit: access.entitlements.concurrentStreams, retryAfter: 1 },
        { "Retry-After": "1" },
      );
    }
    // 2. Entitlement for this model under the caller's plan.
    const modelPrice = take(price);
    assertModelAllowed(access, {
      id: entry.id,
      tier: modelTier(entry, modelPrice),
      paid: isPaidModel(modelPrice),
    });
    // 3. The worst case over the prompt the model will actually see, within the daily cap.
    const messages: ModelMessage[] = [...take(history), { role: "user", content: input.message }];
    const worst = take(quote);
    assertDailyCap(access, take(spent), worst.pt);

    // 4. Reserve the worst case, keyed by the message id (402 with top-up options when short).
    const hold = await reserve(db, {
      account: owner,
      amount: worst.pt,
      key: `chat:${messageId}`,
      ttlSeconds: HOLD_TTL_SECONDS,
      metadata: { messageId, model: entry.id },
    }).catch((error: unknown) => {
      if (isAppError(error) && error.code === "pt_exhausted") {
        const details = (error.details ?? {}) as Record<string, unknown>;
        throw new AppError("pt_exhausted", error.message, {
          ...details,
          upgrade: upgradeOptions(access),
        });
      }
      throw error;
    });

    // 5. Save the turn (user message + streaming assistant message carrying the hold) while the
    // model call starts: the hold already covers the call, and the response (so every model
    // token) waits for the turn, so a failed save still answers its error and bills nothing.
    const conversationId = input.conversationId ?? randomUUID();
    const turnP = appendTurn(db, owner, {
      conversationId: input.conversationId,
      newConversationId: conversationId,
      model: entry.id,
      message: input.message,
      messageId,
      holdId: hold.holdId,
      ptReserved: hold.amount,
    });
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), MAX_STREAM_SECONDS * 1000);
    input.signal.addEventListener("abort", () => controller.abort(), { once: true });
    const events = callModel({ model, messages, maxOutputTokens, abortSignal: controller.signal });
    await turnP.catch(async (error: unknown) => {
      clearTimeout(timeout);
      controller.abort();
      // Nothing reached the user: the whole hold is released.
      await settleMessage(db, {
        messageId,
        holdId: hold.holdId,
        account: owner,
        model: entry.id,
        price: modelPrice,
        outcome: "error",
        text: "",
        promptTokens: worst.inputTokens,
      }).catch(() => undefined);
      throw error;
    });

    // 6. Stream, and settle once whatever ends it.
    handedOver = true;
    return chatStreamResponse({
      events,
      messageId,
      signal: input.signal,
      abort: () => controller.abort(),
      startMetadata: {
        conversationId,
        model: entry.id,
        ptReserved: hold.amount.toString(),
        rateLimitRemaining: rateResult.remaining,
        rateLimitLimit: rateResult.limit,
      },
      headers: rateLimitHeaders(rateResult, {
        name: `chat_${access.plan}`,
        limit: rateResult.limit,
        windowSeconds: 60,
      }),
      settle: async (end) => {
        clearTimeout(timeout);
        // The stream is over, so its slot is free now: release it alongside the settlement (the
        // hold, not the slot, is what bounds spending).
        const released = releaseStreamSlot(db, { ownerKey: key, messageId });
        try {
          const s = await settleMessage(db, {
            messageId,
            holdId: hold.holdId,
            account: owner,
            model: entry.id,
            price: modelPrice,
            outcome: end.outcome,
            text: end.text,
            usage: end.usage,
            promptTokens: worst.inputTokens,
          });
          return {
            conversationId,
            ptCharged: s.ptCharged.toString(),
            ptAvailable: s.ptAvailable.toString(),
            inputTokens: s.inputTokens,
            outputTokens: s.outputTokens,
            status: end.outcome,
          };
        } finally {
          // A slot that failed to release expires with its lease (HOLD_TTL_SECONDS).
          await released.catch((error: unknown) =>
            logger.warn({ err: error, messageId }, "stream slot release failed"),
          );
        }
      },
    });
  } finally {
    if (!handedOver && "value" in slot && slot.value)
      await releaseStreamSlot(db, { ownerKey: key, messageId });
  }
}
