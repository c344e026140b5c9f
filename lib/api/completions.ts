// POST /v1/chat/completions: OpenAI's chat completions over Ledgerchat's metering. Admission
// (admit.ts: entitlement → the key's slot → the ledger hold within the account's balance and the
// key's budget, in one statement) → the provider streams → settle exactly once (settle.ts) on
// finish, client abort or provider error → OpenAI's response or chunk stream, with the usage and
// the exact PT charged (`ledgerchat.pt_charged`).
import { randomUUID } from "node:crypto";
import type { FinishReason, ModelMessage } from "ai";
import { admitApiRequest } from "@/lib/api/admit";
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import type { ApiOutcome, ApiSettlement } from "@/lib/api/settle";
import { settleApiRequest } from "@/lib/api/settle";
import { findConfiguredModel } from "@/lib/chat/catalog";
import type { ModelEvent } from "@/lib/chat/model-call";
import { callModel, traceModelEvents } from "@/lib/chat/model-call";
import { languageModelFor } from "@/lib/chat/providers";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { coalesceWrites } from "@/lib/http/coalesce-writes";
import { logger } from "@/lib/logger";
import { startSpan, withSpan } from "@/lib/tracing";

export const MAX_API_SECONDS = 300;

export type CompletionInput = {
  model: string;
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  stream: boolean;
  includeUsage: boolean;
  /** The request as sent, stored only when the key's owner turned body logging on. */
  rawBody?: unknown;
};

type Ended = { outcome: ApiOutcome; text: string; usage?: ModelEvent & { type: "finish" }; finish: string };

function finishReason(reason: FinishReason | undefined): string {
  if (reason === "length") return "length";
  if (reason === "content-filter") return "content_filter";
  return "stop";
}

function usageOf(s: ApiSettlement) {
  return {
    prompt_tokens: s.inputTokens,
    completion_tokens: s.outputTokens,
    total_tokens: s.inputTokens + s.outputTokens,
  };
}

function ledgerOf(s: ApiSettlement, reserved: bigint) {
  return {
    pt_reserved: reserved.toString(),
    pt_charged: s.ptCharged.toString(),
    pt_available: s.ptAvailable.toString(),
  };
}

export async function createCompletion(
  db: Db,
  principal: ApiKeyPrincipal,
  input: CompletionInput,
  signal: AbortSignal,
): Promise<Response> {
  const startedAt = performance.now();
  const entry = findConfiguredModel(input.model);
  if (!entry)
    throw new AppError("not_found", `The model \`${input.model}\` does not exist.`, {
      reason: "model_not_found",
    });
  const model = languageModelFor(entry);
  const requestId = randomUUID();
  const messages: ModelMessage[] = input.messages.map(
    (m) => ({ role: m.role, content: m.content }) as ModelMessage,
  );
  // Spans (while tracing) as a chat turn's: api.admission, api.provider, api.settlement.
  const admission = await withSpan("api.admission", { "ledgerchat.model": entry.id }, () =>
    admitApiRequest(db, {
      principal,
      entry,
      messages,
      maxOutputTokens: input.maxTokens,
      requestId,
      stream: input.stream,
      body: principal.logBodies ? input.rawBody : undefined,
      at: new Date(),
    }),
  );
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), MAX_API_SECONDS * 1000);
  signal.addEventListener("abort", () => controller.abort(), { once: true });
  const provider = startSpan("api.provider", { "gen_ai.request.model": entry.id });
  const events = traceModelEvents(
    provider.run(() =>
      callModel({
        model,
        messages,
        maxOutputTokens: admission.maxOutputTokens,
        temperature: input.temperature,
        topP: input.topP,
        stopSequences: input.stop,
        abortSignal: controller.signal,
      }),
    ),
    provider,
  );
  let settled: Promise<ApiSettlement> | undefined;
  // Exactly once per request, whichever path ends it first (the ledger also settles a hold once).
  const settleOnce = (end: Ended) => {
    clearTimeout(timeout);
    settled ??= withSpan("api.settlement", { "ledgerchat.outcome": end.outcome }, () =>
      settleApiRequest(db, {
        requestId,
        keyId: principal.keyId,
        holdId: admission.hold.holdId,
        holdAmount: admission.hold.amount,
        slotKeys: admission.slotKeys,
        model: entry.id,
        price: admission.price,
        outcome: end.outcome,
        text: end.text,
        usage: end.usage?.usage,
        promptTokens: admission.promptTokens,
        startedAt,
        httpStatus: end.outcome === "error" && !input.stream ? 503 : 200,
      }),
    );
    return settled;
  };
  const id = `chatcmpl-${requestId}`;
  const created = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "x-ledgerchat-request-id": requestId,
    "x-ledgerchat-pt-reserved": admission.hold.amount.toString(),
  };
  if (!input.stream) {
    // Nothing is sent before the end: an aborted call is billed for what the provider produced, as chat is.
    const end = await drain(events, () => true);
    const s = await settleOnce(end);
    if (end.outcome === "error") throw upstreamError();
    return Response.json(
      {
        id,
        object: "chat.completion",
        created,
        model: entry.id,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: end.text },
            finish_reason: end.finish,
            logprobs: null,
          },
        ],
        usage: usageOf(s),
        ledgerchat: ledgerOf(s, admission.hold.amount),
      },
      { headers: { ...headers, "cache-control": "no-store" } },
    );
  }
  const encoder = new TextEncoder();
  const chunk = (delta: object, finish: string | null) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model: entry.id,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  });
  // Set when the client goes away: text the provider yields after that was never sent, and is not billed.
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async start(c) {
      const send = (data: unknown): boolean => {
        if (cancelled) return false;
        try {
          c.enqueue(encoder.encode(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`));
          return true;
        } catch {
          // The client went away: the call is aborted and still settled below.
          cancelled = true;
          return false;
        }
      };
      send(chunk({ role: "assistant", content: "" }, null));
      const end = await drain(events, (text) => send(chunk({ content: text }, null)));
      try {
        const s = await settleOnce(end);
        if (end.outcome === "error") send({ error: upstreamErrorBody() });
        else {
          send(chunk({}, end.finish));
          if (input.includeUsage)
            send({
              ...chunk({}, null),
              choices: [],
              usage: usageOf(s),
              ledgerchat: ledgerOf(s, admission.hold.amount),
            });
        }
      } catch (error) {
        logger.error({ err: error, requestId }, "api settlement failed");
        send({ error: { message: "Something went wrong on our side.", type: "api_error", code: null } });
      }
      send("[DONE]");
      try {
        c.close();
      } catch {
        // Already cancelled by the client.
      }
    },
    cancel() {
      cancelled = true;
      controller.abort();
    },
  });
  // A burst of chunks (many tokens in one provider read) goes out in one write, as chat's stream does.
  return new Response(body.pipeThrough(coalesceWrites()), {
    headers: {
      ...headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}

/** Reads the provider's events; `onText` answers whether the text reached the client (it is billed only then). */
async function drain(events: AsyncGenerator<ModelEvent>, onText: (text: string) => boolean): Promise<Ended> {
  let text = "";
  let outcome: ApiOutcome = "complete";
  let finish: (ModelEvent & { type: "finish" }) | undefined;
  for await (const event of events) {
    if (event.type === "text") {
      if (onText(event.text)) text += event.text;
    } else if (event.type === "finish") finish = event;
    else if (event.type === "abort") outcome = "aborted";
    else if (event.type === "error") {
      outcome = "error";
      logger.warn({ err: event.error }, "api completion: provider error");
    }
  }
  return { outcome, text, usage: finish, finish: finishReason(finish?.finishReason) };
}

function upstreamErrorBody() {
  return {
    message: "The model provider failed; nothing was charged for output not produced.",
    type: "api_error",
    code: "upstream_error",
  };
}

function upstreamError(): AppError {
  return new AppError("service_unavailable", upstreamErrorBody().message, { reason: "upstream_error" });
}
