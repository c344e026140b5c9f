// callModel: the chat path's one model call at the provider interface. Its prompt is the one the
// AI SDK itself builds for the same messages; it reports text, usage and finish reason, an abort
// as an abort, and retries a retryable failure once before giving up with an error event.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { ModelMessage } from "ai";
import { convertToLanguageModelPrompt, standardizePrompt } from "ai/internal";
import { countTokens } from "gpt-tokenizer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoModel, demoAnswer } from "@/lib/chat/demo-model";
import type { ModelEvent } from "@/lib/chat/model-call";
import { callModel, toProviderPrompt } from "@/lib/chat/model-call";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { DEFAULT_FAKE_CONTENT, startFakeProvider } from "@/tests/fakes/openai-compatible-server";

async function collect(
  events: AsyncIterable<ModelEvent>,
  onText?: (n: number) => void,
): Promise<ModelEvent[]> {
  const out: ModelEvent[] = [];
  for await (const e of events) {
    out.push(e);
    if (e.type === "text") onText?.(out.filter((x) => x.type === "text").length);
  }
  return out;
}
const textOf = (events: ModelEvent[]) => events.map((e) => (e.type === "text" ? e.text : "")).join("");

describe("toProviderPrompt", () => {
  it("builds the prompt the AI SDK builds for the same text messages", async () => {
    const messages: ModelMessage[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is a hold?" },
      { role: "assistant", content: "A reservation of PT." },
      { role: "user", content: [{ type: "text", text: "And a settle?" }] },
    ];
    const sdk = await convertToLanguageModelPrompt({
      prompt: await standardizePrompt({ messages, allowSystemInMessages: true }),
      supportedUrls: {},
      download: undefined,
    });
    expect(toProviderPrompt(messages)).toEqual(sdk);
  });
});

describe("callModel", () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(async () => fake?.close());
  const compatible = () =>
    createOpenAICompatible({ name: "fake", baseURL: fake.baseUrl, includeUsage: true });

  it("streams the provider's text and reports its usage and finish reason", async () => {
    const events = await collect(
      callModel({
        model: compatible().chatModel("plain"),
        messages: [{ role: "user", content: "hi" }],
        maxOutputTokens: 100,
        abortSignal: new AbortController().signal,
      }),
    );
    expect(textOf(events)).toBe(DEFAULT_FAKE_CONTENT);
    const finish = events.at(-1);
    expect(finish).toMatchObject({ type: "finish", finishReason: "stop" });
    expect(finish?.type === "finish" && finish.usage.outputTokens).toBe(countTokens(DEFAULT_FAKE_CONTENT));
    expect(fake.requests.at(-1)).toMatchObject({ stream: true, messages: [{ role: "user", content: "hi" }] });
  });

  it("works with the demo model (a V3 model) too", async () => {
    const events = await collect(
      callModel({
        model: createDemoModel({ delayMs: 0 }),
        messages: [{ role: "user", content: "How do I write a SQL migration?" }],
        maxOutputTokens: 2_000,
        abortSignal: new AbortController().signal,
      }),
    );
    expect(textOf(events)).toBe(demoAnswer("How do I write a SQL migration?"));
    expect(events.at(-1)).toMatchObject({
      type: "finish",
      usage: { outputTokens: countTokens(textOf(events)) },
    });
  });

  it("ends with an abort event when its signal aborts mid-stream", async () => {
    const controller = new AbortController();
    const events = await collect(
      callModel({
        model: createDemoModel({ delayMs: 5 }),
        messages: [{ role: "user", content: "tell me everything" }],
        maxOutputTokens: 2_000,
        abortSignal: controller.signal,
      }),
      (n) => {
        if (n === 3) controller.abort();
      },
    );
    expect(events.filter((e) => e.type === "text").length).toBeLessThan(10);
    expect(events.at(-1)).toEqual({ type: "abort" });
  });

  it("retries a retryable failure once, then reports the error", async () => {
    fake.setBehavior("down", { failStatus: 503 });
    const before = fake.requests.length;
    const events = await collect(
      callModel({
        model: compatible().chatModel("down"),
        messages: [{ role: "user", content: "hi" }],
        maxOutputTokens: 10,
        abortSignal: new AbortController().signal,
        retryDelayMs: 1,
      }),
    );
    expect(fake.requests.length - before).toBe(2);
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe("error");
  });

  it("does not retry a client error", async () => {
    fake.setBehavior("bad", { failStatus: 400 });
    const before = fake.requests.length;
    const events = await collect(
      callModel({
        model: compatible().chatModel("bad"),
        messages: [{ role: "user", content: "hi" }],
        maxOutputTokens: 10,
        abortSignal: new AbortController().signal,
        retryDelayMs: 1,
      }),
    );
    expect(fake.requests.length - before).toBe(1);
    expect(events.map((e) => e.type)).toEqual(["error"]);
  });
});
