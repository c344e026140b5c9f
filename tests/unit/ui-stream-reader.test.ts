// The chat page's reader of the UI message stream (components/chat/ui-stream-reader.ts) against
// the real stream the route sends (the AI SDK's createUIMessageStreamResponse): every part comes
// back in order, however the bytes are split on the way (property-based over split points).
import { createUIMessageStreamResponse, type UIMessageChunk } from "ai";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readUiStream } from "@/components/chat/ui-stream-reader";

const PARTS: UIMessageChunk[] = [
  { type: "start", messageId: "m1", messageMetadata: { conversationId: "c1", ptReserved: "120" } },
  { type: "start-step" },
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta: "Hello, " },
  { type: "text-delta", id: "t", delta: "wörld ✓\n\ndata: not a frame" },
  { type: "text-end", id: "t" },
  { type: "finish-step" },
  { type: "finish", messageMetadata: { ptCharged: "42", ptAvailable: "958" } },
];

async function wireBytes(): Promise<Uint8Array> {
  const response = createUIMessageStreamResponse({
    stream: new ReadableStream({
      start(controller) {
        for (const p of PARTS) controller.enqueue(p);
        controller.close();
      },
    }),
  });
  return new Uint8Array(await response.arrayBuffer());
}

function split(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    pieces.push(bytes.slice(from, p));
    from = p;
  }
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>) {
  const out = [];
  for await (const part of readUiStream(body)) out.push(part);
  return out;
}

const EXPECTED = [
  PARTS[0],
  { type: "other" },
  { type: "other" },
  PARTS[3],
  PARTS[4],
  { type: "other" },
  { type: "other" },
  PARTS[7],
];

describe("readUiStream", () => {
  it("reads the parts the route sends, in order, ending at [DONE]", async () => {
    expect(await collect(split(await wireBytes(), []))).toEqual(EXPECTED);
  });

  it("gives the same parts however the bytes are split (even inside a multi-byte character)", async () => {
    const bytes = await wireBytes();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 40 }), async (cuts) => {
        expect(await collect(split(bytes, cuts))).toEqual(EXPECTED);
      }),
      { numRuns: 200 },
    );
  });
});
