// chatStreamResponse settles exactly once whatever ends the stream: the model finishing, the
// reader cancelling after the first parts, or the client going before anything was read (the
// generator never started, so only stop() can settle it).
import { describe, expect, it } from "vitest";
import type { ModelEvent } from "@/lib/chat/model-call";
import type { StreamEnd } from "@/lib/chat/ui-stream";
import { chatStreamResponse } from "@/lib/chat/ui-stream";
import { readAll } from "./helpers";

async function* script(events: ModelEvent[], signal: AbortSignal): AsyncGenerator<ModelEvent> {
  for (const e of events) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (signal.aborted) {
      yield { type: "abort" };
      return;
    }
    yield e;
  }
}

function setup(events: ModelEvent[], client = new AbortController()) {
  const model = new AbortController();
  const settled: StreamEnd[] = [];
  const response = chatStreamResponse({
    events: script(events, model.signal),
    messageId: "00000000-0000-4000-8000-000000000001",
    startMetadata: { conversationId: "c", model: "m" },
    abort: () => model.abort(),
    signal: client.signal,
    settle: async (end) => {
      settled.push(structuredClone(end));
      return { ptCharged: "7", ptAvailable: "93", status: end.outcome };
    },
  });
  return { response, client, settled };
}

const TEXT: ModelEvent[] = [
  { type: "text", text: "Hello" },
  { type: "text", text: " there" },
  { type: "finish", finishReason: "stop", usage: { inputTokens: 3, outputTokens: 2 } },
];

describe("chatStreamResponse", () => {
  it("settles once on finish, with the provider's usage, before the final part", async () => {
    const { response, settled } = setup(TEXT);
    const { chunks, text, last } = await readAll(response);
    expect(text).toBe("Hello there");
    expect(chunks.map((c) => c.type)).toEqual([
      "start",
      "start-step",
      "text-start",
      "text-delta",
      "text-delta",
      "text-end",
      "finish-step",
      "finish",
    ]);
    expect(last).toMatchObject({ messageMetadata: { ptCharged: "7", ptAvailable: "93" } });
    expect(settled).toEqual([
      { outcome: "complete", text: "Hello there", usage: { inputTokens: 3, outputTokens: 2 } },
    ]);
  });

  it("settles once, as aborted with no text, when the client goes before the first read", async () => {
    const { response, client, settled } = setup(TEXT);
    client.abort();
    await expect.poll(() => settled.length).toBe(1);
    expect(settled[0]).toEqual({ outcome: "aborted", text: "" });
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toHaveLength(1);
  });

  it("settles once, as aborted, when the client went before the response was even made", async () => {
    const gone = new AbortController();
    gone.abort();
    const { settled } = setup(TEXT, gone);
    await expect.poll(() => settled.length).toBe(1);
    expect(settled[0]).toEqual({ outcome: "aborted", text: "" });
  });

  it("settles once, as aborted, when the reader cancels after the first part", async () => {
    const { response, client, settled } = setup(TEXT);
    const reader = response.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    expect(first).toContain('"type":"start"');
    await reader?.cancel();
    client.abort();
    await expect.poll(() => settled.length).toBe(1);
    expect(settled[0]?.outcome).toBe("aborted");
    expect(settled[0]?.usage).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toHaveLength(1);
  });
});
