// A fake Anthropic Messages API: a real HTTP server answering POST /v1/messages with the streamed
// SSE events (message_start … message_stop) and Anthropic's usage wire format, prompt caching
// included. Like the real API, a `cache_control` breakpoint caches the prompt up to and including
// its block: a request whose prefix up to a block boundary was cached before reads it
// (cache_read_input_tokens), the rest up to the breakpoint is written (cache_creation_input_tokens,
// split by lifetime in cache_creation), and input_tokens counts only what follows the breakpoint.
import { once } from "node:events";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { countTokens } from "gpt-tokenizer";
import { DEFAULT_FAKE_CONTENT, fakeChunks, readBody } from "@/tests/fakes/openai-compatible-server";

type Block = { type: string; text?: string; cache_control?: { type: "ephemeral"; ttl?: "5m" | "1h" } };
export type MessagesBody = {
  model: string;
  max_tokens: number;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
  stream?: boolean;
};

export type AnthropicBehavior = {
  content?: string;
  /** Thinking tokens billed inside output_tokens (output_tokens_details.thinking_tokens). */
  thinkingTokens?: number;
  /** The smallest prefix the cache accepts (1024 for Sonnet, 2048 for Haiku; default 0 here). */
  minCacheTokens?: number;
};

export type FakeAnthropic = {
  /** Base URL for createAnthropic / ANTHROPIC_BASE_URL (ends in /v1). */
  baseUrl: string;
  requests: MessagesBody[];
  /** The usage objects sent (message_start's merged with message_delta's), in order. */
  usages: Record<string, unknown>[];
  setBehavior(behavior: AnthropicBehavior): void;
  close(): Promise<void>;
};

/** The prompt as blocks in order (system first); a block's tokens are its text's. */
function blocksOf(body: MessagesBody): { key: string; tokens: number; cache?: "5m" | "1h" }[] {
  const out: { key: string; tokens: number; cache?: "5m" | "1h" }[] = [];
  const add = (role: string, content: string | Block[]) => {
    const blocks = typeof content === "string" ? [{ type: "text", text: content } as Block] : content;
    for (const b of blocks) {
      const text = b.text ?? "";
      out.push({
        key: `${role}:${text}`,
        tokens: countTokens(text),
        cache: b.cache_control ? (b.cache_control.ttl ?? "5m") : undefined,
      });
    }
  };
  if (body.system) add("system", body.system);
  for (const m of body.messages) add(m.role, m.content);
  return out;
}

/** Anthropic's usage for a prompt against the cache; caches the prompt's breakpoint prefix. */
export function anthropicUsage(
  body: MessagesBody,
  cache: Map<string, "5m" | "1h">,
  minCacheTokens = 0,
): {
  input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
} {
  const blocks = blocksOf(body);
  const prefixKey = (end: number) =>
    blocks
      .slice(0, end + 1)
      .map((b) => b.key)
      .join("\u0000");
  const prefixTokens = (end: number) => blocks.slice(0, end + 1).reduce((s, b) => s + b.tokens, 0);
  const breakpoint = blocks.findLastIndex((b) => b.cache !== undefined);
  const total = prefixTokens(blocks.length - 1);
  const none = { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 };
  if (breakpoint < 0 || prefixTokens(breakpoint) < minCacheTokens) {
    return {
      input_tokens: total,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_creation: none,
    };
  }
  let hit = -1;
  for (let i = breakpoint; i >= 0; i--) {
    if (cache.has(prefixKey(i))) {
      hit = i;
      break;
    }
  }
  const read = hit >= 0 ? prefixTokens(hit) : 0;
  const written = prefixTokens(breakpoint) - read;
  const ttl = blocks[breakpoint]?.cache ?? "5m";
  cache.set(prefixKey(breakpoint), ttl);
  return {
    input_tokens: total - read - written,
    cache_read_input_tokens: read,
    cache_creation_input_tokens: written,
    cache_creation: {
      ephemeral_5m_input_tokens: ttl === "5m" ? written : 0,
      ephemeral_1h_input_tokens: ttl === "1h" ? written : 0,
    },
  };
}

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  let behavior: AnthropicBehavior = {};
  const requests: MessagesBody[] = [];
  const usages: Record<string, unknown>[] = [];
  const caches = new Map<string, Map<string, "5m" | "1h">>();
  let seq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST" || !req.url?.endsWith("/messages")) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"type":"error"}');
      return;
    }
    const body = JSON.parse(await readBody(req)) as MessagesBody;
    requests.push(body);
    const cache = caches.get(body.model) ?? new Map();
    caches.set(body.model, cache);
    const start = { ...anthropicUsage(body, cache, behavior.minCacheTokens), output_tokens: 1 };
    const id = `msg_fake_${++seq}`;
    const send = (event: string, data: object) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    send("message_start", {
      message: {
        id,
        type: "message",
        role: "assistant",
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: start,
      },
    });
    send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    let produced = "";
    let stop = "end_turn";
    for (const chunk of fakeChunks(behavior.content ?? DEFAULT_FAKE_CONTENT)) {
      if (countTokens(produced + chunk) > body.max_tokens) {
        stop = "max_tokens";
        break;
      }
      produced += chunk;
      send("content_block_delta", { index: 0, delta: { type: "text_delta", text: chunk } });
    }
    send("content_block_stop", { index: 0 });
    const thinking = behavior.thinkingTokens ?? 0;
    const final: Record<string, unknown> = { output_tokens: countTokens(produced) + thinking };
    if (thinking > 0) final.output_tokens_details = { thinking_tokens: thinking };
    send("message_delta", { delta: { stop_reason: stop, stop_sequence: null }, usage: final });
    send("message_stop", {});
    usages.push({ ...start, ...final });
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    usages,
    setBehavior: (b) => {
      behavior = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
