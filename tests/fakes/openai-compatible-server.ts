// A fake OpenAI-compatible provider: a real HTTP server speaking the /v1/chat/completions SSE wire
// format, including the `stream_options.include_usage` final usage chunk. Per model it can stall,
// fail before output, fail mid-stream (error event or dropped connection) and omit usage, so the
// chat path's settlement can be tested against what real providers do. Like OpenAI it can cache
// prompt prefixes (reported as prompt_tokens_details.cached_tokens, part of prompt_tokens) and
// report reasoning tokens (completion_tokens_details.reasoning_tokens, part of completion_tokens).
// It also answers OpenAI's Responses API (POST /v1/responses, what @ai-sdk/openai calls), streaming
// response.output_text.delta events and the usage of response.completed (input_tokens including
// input_tokens_details.cached_tokens).
import { once } from "node:events";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { countTokens, encode } from "gpt-tokenizer";

export type FakeBehavior = {
  /** Text to stream; default: a fixed sentence. */
  content?: string;
  /** Pause between content chunks. */
  chunkDelayMs?: number;
  /** Answer this HTTP status with an error body before streaming anything. */
  failStatus?: number;
  /** After this many content chunks, stop sending and keep the connection open. */
  stallAfterChunks?: number;
  /** After this many content chunks, fail: an SSE error event, or drop the connection. */
  errorAfterChunks?: number;
  errorMode?: "event" | "reset";
  /** Never send the usage chunk, even when include_usage is asked for. */
  omitUsage?: boolean;
  /** Added to the prompt token count, like a provider's chat-template overhead. */
  promptOverhead?: number;
  /**
   * OpenAI's automatic prompt caching: a prompt of at least 1024 tokens is cached, and a later
   * prompt sharing a prefix with one seen before reads that prefix (in 128-token steps) from it.
   */
  cachePrompts?: boolean;
  /** Reasoning tokens the model "thought" before answering, billed inside completion_tokens. */
  reasoningTokens?: number;
};

/** OpenAI's documented caching granularity: from 1024 tokens, in steps of 128. */
export const CACHE_MIN_TOKENS = 1024;
export const CACHE_STEP_TOKENS = 128;

export const DEFAULT_FAKE_CONTENT =
  "The ledger holds the worst case first, streams the answer, then settles exactly what was used.";

export type ChatCompletionBody = {
  model: string;
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
};

type ResponsesBody = {
  model: string;
  input: { role: string; content: string | { type: string; text?: string }[] }[];
  max_output_tokens?: number;
};

export type FakeProvider = {
  /** Base URL to give an OpenAI-compatible client (ends in /v1). */
  baseUrl: string;
  requests: ChatCompletionBody[];
  /** Behaviour for one model id (overrides the default). */
  setBehavior(model: string, behavior: FakeBehavior): void;
  setDefaultBehavior(behavior: FakeBehavior): void;
  /** Streams currently open (connections not yet finished or closed). */
  openStreams(): number;
  /** Streams the client closed before the server finished. */
  clientAborts(): number;
  /** Requests to the Responses API (/v1/responses) so far. */
  responsesCalls(): number;
  close(): Promise<void>;
};

export function fakeChunks(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function messageText(body: ChatCompletionBody): string {
  return body.messages
    .map((m) => {
      const text = typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("");
      return `${m.role}: ${text}`;
    })
    .join("\n");
}

/** Tokens of the longest prefix `tokens` shares with a cached prompt, in caching steps. */
function cachedPrefix(tokens: number[], cache: number[][]): number {
  let best = 0;
  for (const seen of cache) {
    let n = 0;
    while (n < tokens.length && n < seen.length && tokens[n] === seen[n]) n++;
    best = Math.max(best, n);
  }
  const stepped = Math.floor(best / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS;
  return stepped >= CACHE_MIN_TOKENS ? stepped : 0;
}

/**
 * The usage the fake reports for a request that produced `output`, in OpenAI's wire format.
 * `cache` holds the prompts cached so far (when the behaviour caches); this prompt joins it.
 */
export function fakeUsage(
  body: ChatCompletionBody,
  output: string,
  behavior: FakeBehavior = {},
  cache?: number[][],
) {
  const text = messageText(body);
  const prompt = countTokens(text) + (behavior.promptOverhead ?? 0);
  const reasoning = behavior.reasoningTokens ?? 0;
  const completion = countTokens(output) + reasoning;
  const usage: Record<string, unknown> = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
  if (behavior.cachePrompts && cache) {
    const tokens = encode(text);
    usage.prompt_tokens_details = { cached_tokens: cachedPrefix(tokens, cache) };
    if (tokens.length >= CACHE_MIN_TOKENS) cache.push(tokens);
  }
  if (reasoning > 0) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeProvider(
  options: { port?: number; defaultBehavior?: FakeBehavior } = {},
): Promise<FakeProvider> {
  const behaviors = new Map<string, FakeBehavior>();
  let defaultBehavior: FakeBehavior = options.defaultBehavior ?? {};
  const requests: ChatCompletionBody[] = [];
  const promptCache = new Map<string, number[][]>();
  let open = 0;
  let aborts = 0;
  let responses = 0;
  let seq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "POST" && req.url?.endsWith("/responses")) {
      await handleResponses(req, res);
      return;
    }
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    const body = JSON.parse(await readBody(req)) as ChatCompletionBody;
    requests.push(body);
    const behavior = { ...defaultBehavior, ...behaviors.get(body.model) };
    if (behavior.failStatus) {
      res.writeHead(behavior.failStatus, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "fake provider failure", type: "server_error" } }));
      return;
    }
    const id = `chatcmpl-fake-${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const frame = (payload: object) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, ...payload })}\n\n`;
    const write = (text: string) => (res.writableEnded || res.destroyed ? false : res.write(text));
    open++;
    let finished = false;
    res.on("close", () => {
      open--;
      if (!finished) aborts++;
    });
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    write(frame({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }));
    const chunks = fakeChunks(behavior.content ?? DEFAULT_FAKE_CONTENT);
    const limit = body.max_completion_tokens ?? body.max_tokens ?? Number.POSITIVE_INFINITY;
    let produced = "";
    let finishReason = "stop";
    for (let i = 0; i < chunks.length; i++) {
      if (res.destroyed) return;
      if (behavior.stallAfterChunks !== undefined && i >= behavior.stallAfterChunks) {
        await once(res, "close");
        return;
      }
      if (behavior.errorAfterChunks !== undefined && i >= behavior.errorAfterChunks) {
        if (behavior.errorMode === "reset") {
          res.destroy();
          return;
        }
        write(
          `data: ${JSON.stringify({ error: { message: "fake provider broke mid-stream", type: "server_error" } })}\n\n`,
        );
        finished = true;
        res.end();
        return;
      }
      const chunk = chunks[i] as string;
      if (countTokens(produced + chunk) > limit) {
        finishReason = "length";
        break;
      }
      if (i > 0 && behavior.chunkDelayMs) await sleep(behavior.chunkDelayMs);
      produced += chunk;
      write(frame({ choices: [{ index: 0, delta: { content: chunk }, finish_reason: null }] }));
    }
    write(frame({ choices: [{ index: 0, delta: {}, finish_reason: finishReason }] }));
    if (body.stream_options?.include_usage && !behavior.omitUsage) {
      const cache = promptCache.get(body.model) ?? [];
      promptCache.set(body.model, cache);
      write(frame({ choices: [], usage: fakeUsage(body, produced, behavior, cache) }));
    }
    write("data: [DONE]\n\n");
    finished = true;
    res.end();
  }

  /** The Responses API, text only: the same prompt text, caching and usage as Chat Completions. */
  async function handleResponses(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = JSON.parse(await readBody(req)) as ResponsesBody;
    responses++;
    const body: ChatCompletionBody = {
      model: raw.model,
      messages: raw.input.map((m) => ({
        role: m.role,
        content:
          typeof m.content === "string"
            ? m.content
            : m.content.map((c) => ({ type: "text", text: c.text ?? "" })),
      })),
      max_tokens: raw.max_output_tokens,
    };
    requests.push(body);
    const behavior = { ...defaultBehavior, ...behaviors.get(body.model) };
    const send = (payload: object) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    send({
      type: "response.created",
      response: { id: `resp_fake_${++seq}`, created_at: Math.floor(Date.now() / 1000), model: body.model },
    });
    let produced = "";
    for (const chunk of fakeChunks(behavior.content ?? DEFAULT_FAKE_CONTENT)) {
      if (countTokens(produced + chunk) > (raw.max_output_tokens ?? Number.POSITIVE_INFINITY)) break;
      produced += chunk;
      send({ type: "response.output_text.delta", item_id: "msg_fake", output_index: 0, delta: chunk });
    }
    const cache = promptCache.get(body.model) ?? [];
    promptCache.set(body.model, cache);
    const chat = fakeUsage(body, produced, behavior, cache) as {
      prompt_tokens: number;
      completion_tokens: number;
      prompt_tokens_details?: { cached_tokens: number };
      completion_tokens_details?: { reasoning_tokens: number };
    };
    const usage = {
      input_tokens: chat.prompt_tokens,
      input_tokens_details: { cached_tokens: chat.prompt_tokens_details?.cached_tokens ?? 0 },
      output_tokens: chat.completion_tokens,
      output_tokens_details: { reasoning_tokens: chat.completion_tokens_details?.reasoning_tokens ?? 0 },
      total_tokens: chat.prompt_tokens + chat.completion_tokens,
    };
    send({ type: "response.completed", response: { usage } });
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1_000;
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setBehavior: (model, behavior) => behaviors.set(model, behavior),
    setDefaultBehavior: (behavior) => {
      defaultBehavior = behavior;
    },
    openStreams: () => open,
    clientAborts: () => aborts,
    responsesCalls: () => responses,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
