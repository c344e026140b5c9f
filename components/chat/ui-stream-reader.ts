// A small reader of the AI SDK's UI message stream (server-sent events, one JSON part per
// `data:` line, ending with `data: [DONE]`), so the chat page need not ship the AI SDK's client,
// its transport and zod (about 70 KB compressed) to read the handful of parts our route sends.
import type { ChatMessageMetadata } from "@/lib/chat/metadata";

/** The parts /api/chat sends (lib/chat/ui-stream.ts); others are skipped. */
export type UiStreamPart =
  | { type: "start"; messageId?: string; messageMetadata?: ChatMessageMetadata }
  | { type: "text-delta"; id: string; delta: string }
  | { type: "message-metadata"; messageMetadata: ChatMessageMetadata }
  | { type: "finish"; messageMetadata?: ChatMessageMetadata }
  | { type: "error"; errorText: string }
  | { type: "other" };

const KNOWN = new Set(["start", "text-delta", "message-metadata", "finish", "error"]);

function parse(data: string): UiStreamPart {
  const part = JSON.parse(data) as { type?: unknown };
  return typeof part.type === "string" && KNOWN.has(part.type) ? (part as UiStreamPart) : { type: "other" };
}

/** The stream's parts in order; ends at `[DONE]` or the end of the body. */
export async function* readUiStream(body: ReadableStream<Uint8Array>): AsyncGenerator<UiStreamPart> {
  const reader = body
    .pipeThrough<string>(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of event.split("\n")) {
          if (!line.startsWith("data:")) continue;
          const data = line.slice(5).trim();
          if (data === "[DONE]") return;
          if (data) yield parse(data);
        }
        end = buffer.indexOf("\n\n");
      }
    }
  } finally {
    reader.releaseLock();
  }
}
