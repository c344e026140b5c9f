// coalesceWrites: the first chunk of an event-loop turn passes at once, the rest of that turn
// follows as one chunk at the turn's end, bytes and order unchanged; chunks of separate turns stay
// separate; the end of the source flushes what is held; a cancelled reader cancels the source.
import { setTimeout as later } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { coalesceWrites } from "@/lib/http/coalesce-writes";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c));

/** Reads everything the stream delivers, chunk by chunk, as it arrives. */
async function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of readable) out.push(chunk);
  return out;
}

describe("coalesceWrites", () => {
  it("sends the first chunk of a turn at once and the rest of the turn as one chunk", async () => {
    const { readable, writable } = coalesceWrites();
    const reader = readable.getReader();
    const writer = writable.getWriter();
    void writer.write(bytes("a"));
    void writer.write(bytes("b"));
    void writer.write(bytes("c"));
    // "a" is readable before the turn ends; "b" and "c" are held for it.
    expect(text([(await reader.read()).value as Uint8Array])).toEqual(["a"]);
    expect(text([(await reader.read()).value as Uint8Array])).toEqual(["bc"]);
    void writer.close();
    expect((await reader.read()).done).toBe(true);
  });

  it("keeps chunks of separate turns separate, and flushes what it holds when the source ends", async () => {
    // Turns are ended explicitly (setImmediate after the first chunk was read), not by a timer:
    // a 5 ms sleep raced the pipe's own start on a busy machine and merged two turns.
    const { readable, writable } = coalesceWrites();
    const reader = readable.getReader();
    const writer = writable.getWriter();
    void writer.write(bytes("data: 1\n\n"));
    const first = await reader.read();
    await new Promise((resolve) => setImmediate(resolve));
    void writer.write(bytes("data: 2\n\n"));
    void writer.write(bytes("data: 3\n\n"));
    void writer.write(bytes("data: [DONE]\n\n"));
    void writer.close();
    const rest: Uint8Array[] = [];
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      rest.push(next.value);
    }
    expect(text([first.value as Uint8Array, ...rest])).toEqual([
      "data: 1\n\n",
      "data: 2\n\n",
      "data: 3\n\ndata: [DONE]\n\n",
    ]);
  });

  it("passes every byte through in order for any split into turns", async () => {
    const parts = Array.from({ length: 40 }, (_, i) => `data: {"n":${i}}\n\n`);
    const source = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const [i, part] of parts.entries()) {
          controller.enqueue(bytes(part));
          if (i % 7 === 3) await later(1);
        }
        controller.close();
      },
    });
    const chunks = await collect(source.pipeThrough(coalesceWrites()));
    expect(chunks.length).toBeLessThan(parts.length);
    expect(text(chunks).join("")).toBe(parts.join(""));
  });

  it("cancels the source when its reader goes away", async () => {
    let cancelled: unknown = "not cancelled";
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes("x"));
        return later(1).then(() => undefined);
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const reader = source.pipeThrough(coalesceWrites()).getReader();
    await reader.read();
    await reader.cancel("client gone");
    await expect.poll(() => cancelled).toBe("client gone");
  });
});
