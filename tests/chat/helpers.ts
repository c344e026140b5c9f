// Shared setup for chat route tests: a test database, the fake provider wired in through env,
// priced fake models, users, and a reader for the UI message stream (SSE).

import { randomUUID } from "node:crypto";
import type { UIMessageChunk } from "ai";
import type { ChatMessageMetadata } from "@/lib/chat/metadata";
import { resetProvidersForTests } from "@/lib/chat/providers";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AccountRef } from "@/lib/ledger/common";
import { grantCredits } from "@/lib/ledger/grants";
import { addPrice } from "@/lib/pricing/prices";
import { seedPrices } from "@/lib/pricing/seed-prices";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { acceptCurrentLegal } from "@/tests/helpers/legal";

export const FAKE_MODELS = [
  "fake-model",
  "fake-stall",
  "fake-down",
  "fake-broken",
  "fake-nousage",
  "fake-pro",
];

/** 1 PT per input token and 2 PT per output token: charges are easy to check by hand. */
export const FAKE_PRICE = {
  ptPerMInput: 1_000_000n,
  ptPerMOutput: 2_000_000n,
  costMicroUsdPerMInput: 500_000n,
  costMicroUsdPerMOutput: 1_500_000n,
};

export async function wireFakeProvider(p: PrismaClient, fake: FakeProvider): Promise<void> {
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.baseUrl;
  process.env.OPENAI_COMPATIBLE_MODELS = [...FAKE_MODELS, "fake-unpriced"].join(",");
  process.env.DEMO_MODEL_DELAY_MS = "0";
  resetEnvForTests();
  resetProvidersForTests();
  resetRateLimiterForTests();
  await seedPrices(p);
  for (const model of FAKE_MODELS) {
    await addPrice(p, {
      provider: "compatible",
      model,
      ...FAKE_PRICE,
      tier: model === "fake-pro" ? "pro" : "free",
      effectiveFrom: new Date("2025-01-01T00:00:00Z"),
    });
  }
  fake.setBehavior("fake-stall", { stallAfterChunks: 4 });
  fake.setBehavior("fake-down", { failStatus: 500 });
  fake.setBehavior("fake-broken", { errorAfterChunks: 3 });
  fake.setBehavior("fake-nousage", { omitUsage: true });
  fake.setDefaultBehavior({ promptOverhead: 7 });
}

export async function createUser(
  p: PrismaClient,
  options: {
    plan?: "free" | "pro" | "max";
    verified?: boolean;
    status?: "active" | "frozen";
    acceptLegal?: boolean;
  } = {},
): Promise<string> {
  const id = randomUUID();
  await p.user.create({
    data: {
      id,
      email: `${id}@test.local`,
      plan: options.plan ?? "free",
      status: options.status ?? "active",
      emailVerifiedAt: options.verified === false ? null : new Date(),
    },
  });
  if (options.acceptLegal !== false) await acceptCurrentLegal(p, id);
  return id;
}

export async function grant(p: PrismaClient, account: AccountRef, amount: bigint): Promise<void> {
  await grantCredits(p, { account, amount, source: "purchase", key: randomUUID() });
}

export const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

/** The Cookie header chatRequest sends: a real session cookie for tests that act as a real user. */
export const caller = { cookie: "" };

export function chatRequest(body: unknown, signal?: AbortSignal): Request {
  return new Request("http://localhost/api/chat", {
    method: "POST",
    headers: caller.cookie
      ? { "content-type": "application/json", cookie: caller.cookie }
      : { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

export type Chunk = UIMessageChunk<ChatMessageMetadata>;

/** Parses the UI message stream's SSE frames as they arrive. */
export async function* sseChunks(response: Response): AsyncGenerator<Chunk> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        const data = frame
          .split("\n")
          .filter((l) => l.startsWith("data: "))
          .map((l) => l.slice(6))
          .join("");
        if (data && data !== "[DONE]") yield JSON.parse(data) as Chunk;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export async function readAll(response: Response): Promise<{ chunks: Chunk[]; text: string; last?: Chunk }> {
  const chunks: Chunk[] = [];
  for await (const c of sseChunks(response)) chunks.push(c);
  const text = chunks.map((c) => (c.type === "text-delta" ? c.delta : "")).join("");
  return { chunks, text, last: chunks.at(-1) };
}

/** Waits until the assistant message has left "streaming" (settlement after an abort is async). */
export async function settledMessage(p: PrismaClient, id: string, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = await p.message.findUniqueOrThrow({ where: { id } });
    if (m.status !== "streaming") return m;
    if (Date.now() > until) throw new Error(`message ${id} still streaming after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
