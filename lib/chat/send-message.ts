// One chat turn: admission (admit.ts: rate limit → entitlement → concurrent streams → daily cap →
// the hold, 402 when short; the turn is saved in the statement that places the hold) → stream →
// settle exactly once (finish, abort or error), freeing the stream slot in the same statement.
// With tracing on (lib/tracing.ts) the turn is a span "chat.turn" from the request to the end of
// its settlement, with children chat.admission, chat.provider (the model call and its stream, with
// the provider's fetch under it) and chat.settlement; off, the spans are no-ops.
import { randomUUID } from "node:crypto";
import type { GuestPrincipal, UserPrincipal } from "@/lib/auth/principal-types";
import { admitTurn } from "@/lib/chat/admit";
import { findConfiguredModel } from "@/lib/chat/catalog";
import type { TurnAction } from "@/lib/chat/history";
import { loadChatAccess } from "@/lib/chat/limits";
import { callModel, traceModelEvents } from "@/lib/chat/model-call";
import { ownerKey, ownerOf } from "@/lib/chat/owner";
import { languageModelFor, promptCacheFor } from "@/lib/chat/providers";
import { settleMessage } from "@/lib/chat/settle";
import type { StreamEnd } from "@/lib/chat/ui-stream";
import { chatStreamResponse } from "@/lib/chat/ui-stream";
import { teamWorkspaceAccess, workspacePayer } from "@/lib/chat/workspace";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { releaseStreamSlot } from "@/lib/metering/stream-slots";
import {
  observeChatPreStream,
  observeChatTurn,
  observePtReleased,
  observePtReserved,
  observePtSettled,
  observeTimeToFirstToken,
} from "@/lib/observability/metrics";
import { rateLimitHeaders } from "@/lib/ratelimit/headers";
import { teamAccount } from "@/lib/teams/admission-gate";
import { type SpanHandle, startSpan, withSpan } from "@/lib/tracing";

export const MAX_STREAM_SECONDS = 300;

export type SendMessageInput = {
  principal: UserPrincipal | GuestPrincipal;
  conversationId?: string;
  model: string;
  /** "send" (default) adds `message`; "regenerate" answers the last one again; "edit" replaces it. */
  action?: TurnAction;
  message?: string;
  maxOutputTokens?: number;
  /** The team workspace (its pool pays); absent: the personal account. */
  teamId?: string;
  signal: AbortSignal;
};

export async function sendMessage(db: Db, input: SendMessageInput): Promise<Response> {
  const turn = startSpan("chat.turn", {
    "ledgerchat.model": input.model,
    "ledgerchat.action": input.action ?? "send",
  });
  try {
    // The turn ends with its settlement (settle below), after this returns the stream.
    return await turn.run(() => startTurn(db, input, turn));
  } catch (error) {
    turn.end(error);
    throw error;
  }
}

async function startTurn(db: Db, input: SendMessageInput, turn: SpanHandle): Promise<Response> {
  const startedAt = performance.now();
  const entry = findConfiguredModel(input.model);
  if (!entry)
    throw new AppError("validation_failed", "Unknown model.", [{ path: "model", message: "unknown model" }]);
  // Before any hold: a model whose provider is not configured is refused with nothing to undo.
  const model = languageModelFor(entry);
  const owner = ownerOf(input.principal);
  const key = ownerKey(owner);
  // The workspace decides who pays: a team's pool (members who may spend; its plan's throttles).
  const team = input.teamId ? await workspacePayer(db, input.principal, input.teamId) : undefined;
  const personal = await loadChatAccess(db, input.principal, { cached: true });
  const access = team ? teamWorkspaceAccess(personal) : personal;
  const messageId = randomUUID();
  const conversationId = input.conversationId ?? randomUUID();
  const maxOutputTokens = Math.min(
    input.maxOutputTokens ?? access.entitlements.maxOutputTokens,
    access.entitlements.maxOutputTokens,
  );
  // Throttles, entitlement, estimate, the hold and the saved turn (admit.ts); a refusal leaves
  // nothing behind.
  const {
    rate: rateResult,
    price: modelPrice,
    messages,
    promptTokens,
    hold,
  } = await withSpan("chat.admission", { "ledgerchat.owner": owner.kind }, () =>
    admitTurn(db, {
      entry,
      owner,
      access,
      messageId,
      conversationId: input.conversationId,
      newConversationId: conversationId,
      action: input.action,
      message: input.message,
      maxOutputTokens,
      at: new Date(),
      team,
    }),
  );
  turn.setAttributes({
    "ledgerchat.message_id": messageId,
    "ledgerchat.pt_reserved": hold.amount.toString(),
  });
  // From here the hold covers the call and the turn is saved: stream, and settle once whatever
  // ends it.
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), MAX_STREAM_SECONDS * 1000);
  input.signal.addEventListener("abort", () => controller.abort(), { once: true });
  observePtReserved(hold.amount);
  observeChatPreStream((performance.now() - startedAt) / 1000, entry.id);
  const provider = startSpan("chat.provider", { "gen_ai.request.model": entry.id }, turn);
  const events = traceModelEvents(
    provider.run(() =>
      callModel({
        model,
        messages,
        maxOutputTokens,
        abortSignal: controller.signal,
        promptCache: promptCacheFor(entry),
      }),
    ),
    provider,
  );
  const settle = (end: StreamEnd) =>
    turn.run(() =>
      withSpan("chat.settlement", { "ledgerchat.outcome": end.outcome }, () => settleTurn(end)).finally(() =>
        turn.end(),
      ),
    );
  const settleTurn = async (end: StreamEnd) => {
    clearTimeout(timeout);
    try {
      // The stream is over, so its slot is freed by the statement that settles it (the hold, not
      // the slot, is what bounds spending).
      const s = await settleMessage(db, {
        messageId,
        holdId: hold.holdId,
        account: team ? teamAccount(team.teamId) : owner,
        model: entry.id,
        price: modelPrice,
        outcome: end.outcome,
        text: end.text,
        usage: end.usage,
        promptTokens,
        slotOwnerKey: key,
      });
      observeChatTurn(entry.id, end.outcome);
      observePtSettled(s.ptCharged);
      observePtReleased(hold.amount - s.ptCharged);
      return {
        conversationId,
        ptCharged: s.ptCharged.toString(),
        ptAvailable: s.ptAvailable.toString(),
        inputTokens: s.inputTokens,
        outputTokens: s.outputTokens,
        status: end.outcome,
      };
    } catch (error) {
      // The settlement failed before freeing the slot: free it on its own. One that fails to
      // release expires with its lease (admit.ts HOLD_TTL_SECONDS), as the open hold does.
      await releaseStreamSlot(db, { ownerKey: key, messageId }).catch((releaseError: unknown) =>
        logger.warn({ err: releaseError, messageId }, "stream slot release failed"),
      );
      throw error;
    }
  };
  const options = {
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
    settle,
    onFirstText: () => observeTimeToFirstToken((performance.now() - startedAt) / 1000, entry.id),
  };
  try {
    return chatStreamResponse(options);
  } catch (error) {
    // Nothing was streamed: the whole hold is released and the slot freed.
    controller.abort();
    await settle({ outcome: "error", text: "" }).catch(() => undefined);
    throw error;
  }
}
