// Turns a model call's events (model-call.ts) into the AI SDK's UI message stream protocol (SSE), and guarantees
// that settlement runs exactly once whatever ends the stream: the model finishing, the client
// disconnecting (stream cancel or request.signal), or the provider failing. The stream is
// pull-based, so a slow or vanished reader also stops pulling from the provider.
import type { FinishReason, UIMessageChunk } from "ai";
import { createUIMessageStreamResponse } from "ai";
import type { ChatMessageMetadata } from "@/lib/chat/metadata";
import type { ModelEvent, ModelUsage } from "@/lib/chat/model-call";
import type { StreamOutcome } from "@/lib/chat/settle";
import { coalesceWrites } from "@/lib/http/coalesce-writes";
import { logger } from "@/lib/logger";

type Chunk = UIMessageChunk<ChatMessageMetadata>;

export type StreamEnd = {
  outcome: StreamOutcome;
  text: string;
  usage?: ModelUsage;
};

export type ChatStreamOptions = {
  /** The model call's events (callModel). */
  events: AsyncIterable<ModelEvent>;
  messageId: string;
  startMetadata: ChatMessageMetadata;
  /** Aborts the model call (the caller wires it to its AbortController). */
  abort: () => void;
  /** Called once when the stream ends for any reason; its result is the final part's metadata. */
  settle: (end: StreamEnd) => Promise<ChatMessageMetadata>;
  /** The client's request signal: a disconnect aborts the model and settles. */
  signal: AbortSignal;
  headers?: Record<string, string>;
  /** Called once, when the model's first text arrives (time to first token). */
  onFirstText?: () => void;
};

const TEXT_ID = "text-0";

export function chatStreamResponse(options: ChatStreamOptions): Response {
  let settlement: Promise<ChatMessageMetadata> | undefined;
  const settleOnce = (end: StreamEnd) => {
    settlement ??= options.settle(end).catch((error: unknown) => {
      logger.error({ err: error, messageId: options.messageId }, "chat settlement failed");
      return { status: "error" as const };
    });
    return settlement;
  };

  // What the stream has produced so far; the generator fills it, and stop() settles with it when
  // the generator never reaches its own settlement.
  const end: StreamEnd = { outcome: "complete", text: "" };

  async function* chunks(): AsyncGenerator<Chunk> {
    let finishReason: FinishReason = "stop";
    let loopDone = false;
    try {
      // Inside the try: a reader that cancels right after these parts still reaches the finally
      // (and so the settlement) instead of ending the generator at a yield outside it.
      yield { type: "start", messageId: options.messageId, messageMetadata: options.startMetadata };
      yield { type: "start-step" };
      // The text part opens with the stream, not with the first token: the first token then
      // leaves in a write of its own (coalesce-writes.ts) instead of behind its text-start.
      yield { type: "text-start", id: TEXT_ID };
      for await (const part of options.events) {
        if (part.type === "text") {
          if (end.text === "" && part.text !== "") options.onFirstText?.();
          end.text += part.text;
          yield { type: "text-delta", id: TEXT_ID, delta: part.text };
        } else if (part.type === "finish") {
          finishReason = part.finishReason;
          end.usage = part.usage;
        } else if (part.type === "abort") {
          end.outcome = "aborted";
        } else if (part.type === "error") {
          end.outcome = "error";
          logger.warn({ err: part.error, messageId: options.messageId }, "provider stream failed");
        }
      }
      loopDone = true;
    } catch (error) {
      end.outcome = options.signal.aborted ? "aborted" : "error";
      if (end.outcome === "error")
        logger.warn({ err: error, messageId: options.messageId }, "chat stream ended with an error");
    } finally {
      // Runs on normal end, on a provider error, and when the reader cancels (iterator.return()
      // resumes a suspended yield inside the loop as a return: that is a client abort).
      if (!loopDone && end.outcome === "complete") end.outcome = "aborted";
      if (end.outcome !== "complete") end.usage = undefined;
      void settleOnce(end);
    }
    const metadata = await settleOnce(end);
    yield { type: "text-end", id: TEXT_ID };
    yield { type: "finish-step" };
    if (end.outcome === "error") {
      yield { type: "message-metadata", messageMetadata: metadata };
      yield {
        type: "error",
        errorText:
          end.text.length > 0
            ? "The model stopped with an error. You were charged only for the text shown."
            : "The model could not answer. Nothing was charged; please try again.",
      };
    }
    yield {
      type: "finish",
      finishReason: end.outcome === "error" ? "error" : finishReason,
      messageMetadata: metadata,
    };
  }

  const iterator = chunks();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    options.abort();
    // Resumes the generator at its current yield as a return, so its finally (settle) runs even
    // when nobody reads another chunk. A generator that never started (the client went before the
    // first read) ends without running any of its code: settle for it here, with what it produced
    // (nothing), so its hold, message row and stream slot are not left waiting for the sweeper.
    void iterator
      .return(undefined)
      .catch(() => undefined)
      .then(() => {
        if (!settlement) void settleOnce({ outcome: "aborted", text: end.text });
      });
  };
  options.signal.addEventListener("abort", stop, { once: true });
  // A client gone while the turn was being saved: "abort" has fired already and will not again.
  if (options.signal.aborted) stop();

  const stream = new ReadableStream<Chunk>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        // The reader may have gone while we waited (cancel → stop): nothing left to deliver to.
        if (stopped) return;
        if (next.done) {
          options.signal.removeEventListener("abort", stop);
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        if (stopped) return;
        logger.error({ err: error, messageId: options.messageId }, "chat stream failed");
        try {
          controller.error(error);
        } catch {
          // Already cancelled.
        }
      }
    },
    cancel() {
      stop();
    },
  });
  const response = createUIMessageStreamResponse({
    stream,
    // no-transform: an event stream is not compressed (by Next or any proxy on the way). Gzip of
    // a stream flushed per part costs CPU per part and holds parts back in buffering proxies.
    headers: { ...options.headers, "Cache-Control": "no-cache, no-transform" },
  });
  // Parts produced in one event-loop turn leave in one socket write (coalesce-writes.ts).
  return new Response(response.body?.pipeThrough(coalesceWrites()), {
    status: response.status,
    headers: response.headers,
  });
}
