// The built-in demo model: used when no provider is configured. It streams a deterministic,
// useful-looking markdown answer at a realistic pace and reports real token usage counted with
// the same tokenizer the estimates use, so the whole billing path is exercised without a provider.
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { countTokens } from "gpt-tokenizer";

export const DEMO_MODEL_ID = "demo";

/** The text of a prompt as the tokenizer sees it (roles and text parts; files ignored). */
export function promptText(prompt: LanguageModelV3Prompt): string {
  return prompt
    .map((message) => {
      const text =
        typeof message.content === "string"
          ? message.content
          : message.content
              .map((part) => ("text" in part && typeof part.text === "string" ? part.text : ""))
              .join("");
      return `${message.role}: ${text}`;
    })
    .join("\n");
}

function lastUserText(prompt: LanguageModelV3Prompt): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i];
    if (message?.role === "user") {
      return message.content.map((part) => (part.type === "text" ? part.text : "")).join(" ");
    }
  }
  return "";
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const CODE_WORDS = /\b(code|function|typescript|javascript|python|sql|bug|error|api|script|regex|test)\b/i;

/** The answer the demo model gives to a question: deterministic, markdown, a few paragraphs. */
export function demoAnswer(question: string): string {
  const clean = question.replace(/\s+/g, " ").trim();
  const topic =
    clean
      .split(" ")
      .slice(0, 8)
      .join(" ")
      .replace(/[*_`#>[\]]/g, "") || "your question";
  const h = hash(clean);
  const openers = [
    `Good question. Here is a short, practical take on **${topic}**.`,
    `Let's break **${topic}** down into a few steps.`,
    `Here is how I would approach **${topic}**.`,
  ];
  const tips = [
    "Start from the smallest version that works, then measure before you optimise.",
    "Write down the one thing that must never go wrong, and test exactly that.",
    "Prefer boring, well-documented tools: they fail in ways others have already written about.",
    "Keep each step reversible, so a mistake costs minutes rather than days.",
    "Name things after what they mean to the reader, not after how they are built.",
  ];
  const pick = (offset: number) => tips[(h + offset) % tips.length];
  const parts = [
    openers[h % openers.length],
    "",
    "1. **Clarify the goal.** Say in one sentence what a good outcome looks like and how you would notice it.",
    `2. **Pick a first step.** ${pick(1)}`,
    `3. **Check the result.** ${pick(3)}`,
    "",
  ];
  if (CODE_WORDS.test(clean) || h % 3 === 0) {
    parts.push(
      "A tiny example to make it concrete:",
      "",
      "```ts",
      "function nextStep(goal: string, done: string[]): string {",
      '  return done.length === 0 ? "define: " + goal : "verify: " + done.join(", ");',
      "}",
      "```",
      "",
    );
  }
  parts.push(
    "_This reply comes from Ledgerchat's built-in demo model. It is deterministic and has no provider " +
      "cost, but its tokens are counted and billed exactly like a real model's._",
  );
  return parts.join("\n");
}

/** Splits text into small chunks (a word and its trailing space) as a provider would stream them. */
export function chunkText(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export type DemoModelOptions = { delayMs: number; modelId?: string };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

function usage(inputTokens: number, outputTokens: number) {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
  };
}

function abortError(): Error {
  const error = new Error("The operation was aborted.");
  error.name = "AbortError";
  return error;
}

/** A LanguageModelV3 that streams demoAnswer() of the last user message. */
export function createDemoModel(options: DemoModelOptions): LanguageModelV3 {
  const modelId = options.modelId ?? DEMO_MODEL_ID;
  async function respond(call: LanguageModelV3CallOptions) {
    const inputTokens = countTokens(promptText(call.prompt));
    const limit = call.maxOutputTokens ?? Number.POSITIVE_INFINITY;
    const chunks: string[] = [];
    let produced = "";
    let finishReason: "stop" | "length" = "stop";
    for (const chunk of chunkText(demoAnswer(lastUserText(call.prompt)))) {
      if (countTokens(produced + chunk) > limit) {
        finishReason = "length";
        break;
      }
      produced += chunk;
      chunks.push(chunk);
    }
    return { inputTokens, chunks, produced, finishReason };
  }

  return {
    specificationVersion: "v3",
    provider: "ledgerchat-demo",
    modelId,
    supportedUrls: {},
    async doGenerate(call) {
      const r = await respond(call);
      return {
        content: [{ type: "text", text: r.produced }],
        finishReason: { unified: r.finishReason, raw: r.finishReason },
        usage: usage(r.inputTokens, countTokens(r.produced)),
        warnings: [],
      };
    },
    async doStream(call) {
      const r = await respond(call);
      const signal = call.abortSignal;
      let index = 0;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({ type: "response-metadata", id: `demo-${Date.now()}`, modelId });
          controller.enqueue({ type: "text-start", id: "t0" });
        },
        async pull(controller) {
          if (signal?.aborted) {
            controller.error(abortError());
            return;
          }
          const chunk = r.chunks[index];
          if (chunk === undefined) {
            controller.enqueue({ type: "text-end", id: "t0" });
            controller.enqueue({
              type: "finish",
              finishReason: { unified: r.finishReason, raw: r.finishReason },
              usage: usage(r.inputTokens, countTokens(r.produced)),
            });
            controller.close();
            return;
          }
          if (index > 0) await sleep(options.delayMs, signal);
          if (signal?.aborted) {
            controller.error(abortError());
            return;
          }
          index++;
          controller.enqueue({ type: "text-delta", id: "t0", delta: chunk });
        },
      });
      return { stream };
    },
  };
}
