// The demo model and the fake OpenAI-compatible provider, through the AI SDK's streamText.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";
import { countTokens } from "gpt-tokenizer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configuredModels, findConfiguredModel } from "@/lib/chat/catalog";
import { createDemoModel, demoAnswer } from "@/lib/chat/demo-model";
import { callModel } from "@/lib/chat/model-call";
import { languageModelFor, resetProvidersForTests } from "@/lib/chat/providers";
import { resetEnvForTests } from "@/lib/env";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { DEFAULT_FAKE_CONTENT, startFakeProvider } from "@/tests/fakes/openai-compatible-server";

describe("demo model", () => {
  it("streams a deterministic markdown answer with usage counted by the tokenizer", async () => {
    const run = () =>
      streamText({ model: createDemoModel({ delayMs: 0 }), prompt: "How do I write a SQL migration?" });
    const a = run();
    let text = "";
    let deltas = 0;
    for await (const part of a.fullStream) {
      if (part.type === "text-delta") {
        text += part.text;
        deltas++;
      }
    }
    expect(deltas).toBeGreaterThan(20);
    expect(text).toBe(demoAnswer("How do I write a SQL migration?"));
    expect(text).toContain("```ts");
    const usage = await a.totalUsage;
    expect(usage.outputTokens).toBe(countTokens(text));
    expect(usage.inputTokens).toBeGreaterThan(5);
    expect(await run().text).toBe(text);
  });

  it("stops at maxOutputTokens with finish reason length", async () => {
    const result = streamText({
      model: createDemoModel({ delayMs: 0 }),
      prompt: "hello",
      maxOutputTokens: 12,
    });
    const text = await result.text;
    expect(countTokens(text)).toBeLessThanOrEqual(12);
    expect(await result.finishReason).toBe("length");
    expect((await result.totalUsage).outputTokens).toBe(countTokens(text));
  });

  it("honours the abort signal mid-stream", async () => {
    const controller = new AbortController();
    const result = streamText({
      model: createDemoModel({ delayMs: 5 }),
      prompt: "tell me everything",
      abortSignal: controller.signal,
    });
    const types: string[] = [];
    let deltas = 0;
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === "text-delta" && ++deltas === 3) controller.abort();
    }
    expect(types).toContain("abort");
    expect(deltas).toBeLessThan(10);
  });
});

describe("fake OpenAI-compatible provider", () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(async () => {
    await fake.close();
  });

  const model = (id: string) =>
    createOpenAICompatible({ name: "fake", baseURL: fake.baseUrl, includeUsage: true }).chatModel(id);

  it("streams content and a usage chunk when include_usage is asked for", async () => {
    fake.setBehavior("plain", { promptOverhead: 7 });
    const result = streamText({ model: model("plain"), prompt: "hi" });
    expect(await result.text).toBe(DEFAULT_FAKE_CONTENT);
    const usage = await result.totalUsage;
    expect(usage.outputTokens).toBe(countTokens(DEFAULT_FAKE_CONTENT));
    expect(usage.inputTokens).toBe(countTokens("user: hi") + 7);
    expect(fake.requests.at(-1)?.stream_options?.include_usage).toBe(true);
  });

  it("can omit usage, fail before output and fail mid-stream", async () => {
    fake.setBehavior("no-usage", { omitUsage: true });
    const noUsage = streamText({ model: model("no-usage"), prompt: "hi" });
    expect(await noUsage.text).toBe(DEFAULT_FAKE_CONTENT);
    expect((await noUsage.totalUsage).outputTokens).toBeUndefined();

    fake.setBehavior("down", { failStatus: 503 });
    const errors: unknown[] = [];
    const down = streamText({
      model: model("down"),
      prompt: "hi",
      maxRetries: 0,
      onError: (e) => void errors.push(e),
    });
    await down.consumeStream();
    expect(errors).toHaveLength(1);

    fake.setBehavior("broken", { errorAfterChunks: 3 });
    let text = "";
    let sawError = false;
    for await (const part of streamText({ model: model("broken"), prompt: "hi", onError: () => {} })
      .fullStream) {
      if (part.type === "text-delta") text += part.text;
      if (part.type === "error") sawError = true;
    }
    expect(sawError).toBe(true);
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan(DEFAULT_FAKE_CONTENT.length);
  });
});

describe("catalog", () => {
  it("offers the demo model alone with no provider configured, and compatible models by env", () => {
    expect(
      configuredModels({ openai: false, anthropic: false, compatibleModels: [] }).map((m) => m.id),
    ).toEqual(["demo"]);
    const ids = configuredModels({
      openai: true,
      anthropic: false,
      compatibleModels: ["llama3", "demo"],
    }).map((m) => m.id);
    expect(ids).toEqual(["demo", "gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1", "gpt-4o", "llama3"]);
  });
});

describe("provider clients", () => {
  it("call the platform fetch that Next's patched fetch keeps, not the patch", async () => {
    const fake = await startFakeProvider();
    const platform = globalThis.fetch;
    const throughPatch: string[] = [];
    const patched = Object.assign(
      async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
        throughPatch.push(String(input));
        return platform(input, init);
      },
      { _nextOriginalFetch: platform },
    );
    const saved = { ...process.env };
    globalThis.fetch = patched as typeof fetch;
    process.env.OPENAI_COMPATIBLE_BASE_URL = fake.baseUrl;
    process.env.OPENAI_COMPATIBLE_MODELS = "plain";
    resetEnvForTests();
    resetProvidersForTests();
    try {
      const entry = findConfiguredModel("plain");
      if (!entry) throw new Error("the compatible model is not configured");
      let text = "";
      for await (const event of callModel({
        model: languageModelFor(entry),
        messages: [{ role: "user", content: "hi" }],
        maxOutputTokens: 64,
        abortSignal: new AbortController().signal,
      })) {
        if (event.type === "text") text += event.text;
      }
      expect(text).toBe(DEFAULT_FAKE_CONTENT);
      expect(fake.requests).toHaveLength(1);
      expect(throughPatch).toEqual([]);
    } finally {
      globalThis.fetch = platform;
      process.env = saved;
      resetEnvForTests();
      resetProvidersForTests();
      await fake.close();
    }
  });
});
