// Chat turns billed per dimension against fake providers speaking the real wire formats: an
// OpenAI-style conversation whose history is cached pays the cached rate for it, an Anthropic
// conversation pays its cache writes and reads each at its rate (the breakpoint is set by us),
// reasoning tokens are billed once inside the output, and a reply that rounds to 0 PT leaves no
// ledger transaction. Every charge equals the provider's arithmetic on its own usage, to the PT.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetProvidersForTests } from "@/lib/chat/providers";
import { settleMessage } from "@/lib/chat/settle";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { reserve } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { roundHalfEven } from "@/lib/money/rounding";
import { addPrice, getPrice } from "@/lib/pricing/prices";
import { seedPrices } from "@/lib/pricing/seed-prices";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { compareProviderCost } from "@/lib/reconciliation/provider-costs";
import { usageGroups, usageReport } from "@/lib/reconciliation/usage";
import type { FakeAnthropic } from "@/tests/fakes/anthropic-messages-server";
import { startFakeAnthropic } from "@/tests/fakes/anthropic-messages-server";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { chatRequest, createUser, ctx, grant, readAll } from "./helpers";

const state = vi.hoisted(() => ({
  principal: null as null | { kind: "user"; userId: string; emailVerified: boolean },
  prisma: null as unknown,
}));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () =>
    state.principal ? { role: "USER", status: "active", twoFactorEnabled: false, ...state.principal } : null,
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const { POST: chatPOST } = await import("@/app/api/chat/route");

/** gpt-4o's list rates in PT per 1M (PT_PER_USD 100,000): input, cached input, output. */
const GPT4O = { input: 250_000n, cached: 125_000n, output: 1_000_000n };
type WireUsage = {
  input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
};
const LONG_TEXT = "Every hold is settled exactly once, and the ledger's entries always sum to zero. ".repeat(
  90,
);

describe("chat turns billed per dimension", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let openai: FakeProvider;
  let anthropic: FakeAnthropic;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    openai = await startFakeProvider();
    anthropic = await startFakeAnthropic();
    process.env.OPENAI_COMPATIBLE_BASE_URL = openai.baseUrl;
    process.env.OPENAI_COMPATIBLE_MODELS = "fake-cached,fake-reasoning";
    process.env.OPENAI_API_KEY = "sk-test";
    process.env.OPENAI_BASE_URL = openai.baseUrl;
    process.env.ANTHROPIC_API_KEY = "sk-ant-test";
    process.env.ANTHROPIC_BASE_URL = anthropic.baseUrl;
    process.env.DEMO_MODEL_DELAY_MS = "0";
    resetEnvForTests();
    resetProvidersForTests();
    resetRateLimiterForTests();
    await seedPrices(p);
    for (const model of ["fake-cached", "fake-reasoning"]) {
      await addPrice(p, {
        provider: "compatible",
        model,
        tier: "free",
        ptPerMInput: GPT4O.input,
        ptPerMCachedInput: GPT4O.cached,
        ptPerMOutput: GPT4O.output,
        costMicroUsdPerMInput: 2_500_000n,
        costMicroUsdPerMCachedInput: 1_250_000n,
        costMicroUsdPerMOutput: 10_000_000n,
        effectiveFrom: new Date("2025-01-01T00:00:00Z"),
      });
    }
    openai.setBehavior("fake-cached", { cachePrompts: true });
    openai.setBehavior("gpt-4o", { cachePrompts: true });
    openai.setBehavior("fake-reasoning", { reasoningTokens: 300 });
  });
  afterAll(async () => {
    await openai.close();
    await anthropic.close();
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_BASE_URL;
    delete process.env.ANTHROPIC_PROMPT_CACHE;
    resetEnvForTests();
    resetProvidersForTests();
    await db.cleanup();
  });

  async function newUser(plan: "free" | "pro" | "max" = "free") {
    const userId = await createUser(p, { plan });
    await grant(p, { kind: "user", userId }, 1_000_000n);
    state.principal = { kind: "user", userId, emailVerified: true };
    return userId;
  }

  async function turn(body: Record<string, unknown>) {
    const response = await chatPOST(chatRequest(body), ctx());
    expect(response.status).toBe(200);
    const { chunks } = await readAll(response);
    const start = chunks[0];
    const id = start?.type === "start" ? (start.messageId as string) : "";
    const message = await p.message.findUniqueOrThrow({ where: { id } });
    const tx = await p.ledgerTransaction.findFirstOrThrow({
      where: { idempotencyKey: `settle:${message.holdId}` },
    });
    return { message, metadata: tx.metadata as Record<string, unknown> };
  }

  it("an OpenAI-style conversation pays the cached rate for its cached history", async () => {
    await newUser();
    const first = await turn({ model: "fake-cached", message: LONG_TEXT });
    expect(first.message.cachedInputTokens).toBe(0);
    const second = await turn({
      model: "fake-cached",
      conversationId: first.message.conversationId,
      message: "And what happens on an abort?",
    });
    // The provider's own figures, from its wire usage (prompt_tokens includes cached_tokens).
    const wire = { prompt: second.message.inputTokens ?? 0, cached: second.message.cachedInputTokens ?? 0 };
    expect(wire.cached).toBeGreaterThanOrEqual(1024);
    expect(wire.cached % 128).toBe(0);
    const output = BigInt(second.message.outputTokens ?? 0);
    const openaiArithmetic = roundHalfEven(
      BigInt(wire.prompt - wire.cached) * GPT4O.input +
        BigInt(wire.cached) * GPT4O.cached +
        output * GPT4O.output,
      1_000_000n,
    );
    expect(second.message.ptCharged).toBe(openaiArithmetic);
    const full = roundHalfEven(BigInt(wire.prompt) * GPT4O.input + output * GPT4O.output, 1_000_000n);
    expect(openaiArithmetic).toBeLessThan(full);
    // Provider cost in µUSD: $2.50 / $1.25 / $10 per 1M, rounded once on its own scale.
    expect(second.message.providerCostMicroUsd).toBe(
      roundHalfEven(
        BigInt(wire.prompt - wire.cached) * 2_500_000n +
          BigInt(wire.cached) * 1_250_000n +
          output * 10_000_000n,
        1_000_000n,
      ),
    );
    expect(second.metadata).toMatchObject({ cachedInputTokens: wire.cached, inputTokens: wire.prompt });
  });

  it("OpenAI's own provider (Responses API): the cached history is billed at gpt-4o's cached rate", async () => {
    await newUser("pro");
    const calls = openai.responsesCalls();
    const first = await turn({ model: "gpt-4o", message: LONG_TEXT });
    const second = await turn({
      model: "gpt-4o",
      conversationId: first.message.conversationId,
      message: "And on a provider error?",
    });
    expect(openai.responsesCalls()).toBe(calls + 2);
    const prompt = second.message.inputTokens ?? 0;
    const cached = second.message.cachedInputTokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    const output = BigInt(second.message.outputTokens ?? 0);
    // The seeded gpt-4o row: $2.50 / $1.25 cached / $10 per 1M = 250,000 / 125,000 / 1,000,000 PT.
    expect(second.message.ptCharged).toBe(
      roundHalfEven(
        BigInt(prompt - cached) * GPT4O.input + BigInt(cached) * GPT4O.cached + output * GPT4O.output,
        1_000_000n,
      ),
    );
  });

  it("reasoning tokens are billed once, inside the output", async () => {
    await newUser();
    const { message } = await turn({ model: "fake-reasoning", message: "Think first." });
    expect(message.reasoningTokens).toBe(300);
    const output = BigInt(message.outputTokens ?? 0);
    expect(output).toBeGreaterThan(300n);
    expect(message.ptCharged).toBe(
      roundHalfEven(BigInt(message.inputTokens ?? 0) * GPT4O.input + output * GPT4O.output, 1_000_000n),
    );
  });

  it("an Anthropic conversation writes its prefix to the cache, then reads it, each at its rate", async () => {
    await newUser("pro");
    const model = "claude-haiku-4-5-20251001";
    const price = await getPrice(p, { model });
    const rates = {
      input: price.ptPerMInput,
      read: price.ptPerMCachedInput ?? 0n,
      w5m: price.ptPerMCacheWrite5m ?? 0n,
      w1h: price.ptPerMCacheWrite1h ?? 0n,
      output: price.ptPerMOutput,
    };
    expect(rates).toEqual({ input: 100_000n, read: 10_000n, w5m: 125_000n, w1h: 200_000n, output: 500_000n });
    /** Anthropic's arithmetic on its own usage: input_tokens exclude cache reads and writes. */
    const anthropicArithmetic = (u: Record<string, unknown>) => {
      const n = (k: string) => BigInt((u[k] as number | undefined) ?? 0);
      const split = u.cache_creation as {
        ephemeral_5m_input_tokens: number;
        ephemeral_1h_input_tokens: number;
      };
      return roundHalfEven(
        n("input_tokens") * rates.input +
          n("cache_read_input_tokens") * rates.read +
          BigInt(split.ephemeral_5m_input_tokens) * rates.w5m +
          BigInt(split.ephemeral_1h_input_tokens) * rates.w1h +
          n("output_tokens") * rates.output,
        1_000_000n,
      );
    };

    const first = await turn({ model, message: LONG_TEXT });
    const lastBlock = (i: number) => {
      const content = anthropic.requests[i]?.messages.at(-1)?.content;
      return Array.isArray(content) ? content.at(-1) : undefined;
    };
    expect(lastBlock(0)?.cache_control).toEqual({ type: "ephemeral", ttl: "5m" });
    const u1 = anthropic.usages[0] as WireUsage;
    expect(u1.cache_creation_input_tokens).toBeGreaterThan(1000);
    expect(first.message).toMatchObject({
      cacheWrite5mTokens: u1.cache_creation_input_tokens,
      cachedInputTokens: 0,
      inputTokens: u1.input_tokens + u1.cache_creation_input_tokens,
      ptCharged: anthropicArithmetic(anthropic.usages[0] ?? {}),
    });

    // The next turn reads the first prompt from the cache and writes the rest, with a 1 h lifetime.
    process.env.ANTHROPIC_PROMPT_CACHE = "1h";
    resetEnvForTests();
    const second = await turn({
      model,
      conversationId: first.message.conversationId,
      message: "Shorter now.",
    });
    expect(lastBlock(1)?.cache_control).toEqual({ type: "ephemeral", ttl: "1h" });
    const u2 = anthropic.usages[1] as WireUsage;
    expect(u2.cache_read_input_tokens).toBe(u1.cache_creation_input_tokens);
    expect(second.message).toMatchObject({
      cachedInputTokens: u2.cache_read_input_tokens,
      cacheWrite1hTokens: u2.cache_creation_input_tokens,
      cacheWrite5mTokens: 0,
      inputTokens: u2.input_tokens + u2.cache_read_input_tokens + u2.cache_creation_input_tokens,
      ptCharged: anthropicArithmetic(anthropic.usages[1] ?? {}),
    });
    expect(second.metadata).toMatchObject({ cacheWrite1hTokens: u2.cache_creation_input_tokens });

    // Caching off: no breakpoint, every prompt token at the input rate.
    process.env.ANTHROPIC_PROMPT_CACHE = "off";
    resetEnvForTests();
    const third = await turn({ model, message: "No cache." });
    expect(lastBlock(2)?.cache_control).toBeUndefined();
    expect(third.message.ptCharged).toBe(anthropicArithmetic(anthropic.usages[2] as Record<string, unknown>));
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  // Reads the turns the tests above settled (vitest runs a file's tests in order).
  it("the nightly usage report and the provider-cost check see the same dimensions", async () => {
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
    const groups = await usageGroups(p, range);
    const anthropicModel = "claude-haiku-4-5-20251001";
    const messages = await p.message.findMany({ where: { model: anthropicModel, status: "complete" } });
    const sum = (f: (m: (typeof messages)[number]) => bigint | number | null) =>
      messages.reduce((s, m) => s + BigInt(f(m) ?? 0), 0n);
    const group = groups.find((g) => g.model === anthropicModel);
    expect(group).toMatchObject({
      provider: "anthropic",
      costMicroUsd: sum((m) => m.providerCostMicroUsd),
      inputTokens: sum((m) => m.inputTokens),
      cachedInputTokens: sum((m) => m.cachedInputTokens),
      cacheWrite5mTokens: sum((m) => m.cacheWrite5mTokens),
      cacheWrite1hTokens: sum((m) => m.cacheWrite1hTokens),
    });
    expect(group?.cachedInputTokens).toBeGreaterThan(0n);
    // Anthropic's own bill for the fake's usages, request by request at its list prices in µUSD.
    const bill = anthropic.usages.reduce((s, u) => {
      const n = (k: string) => BigInt((u[k] as number | undefined) ?? 0);
      const split = u.cache_creation as {
        ephemeral_5m_input_tokens: number;
        ephemeral_1h_input_tokens: number;
      };
      const exact =
        n("input_tokens") * 1_000_000n +
        n("cache_read_input_tokens") * 100_000n +
        BigInt(split.ephemeral_5m_input_tokens) * 1_250_000n +
        BigInt(split.ephemeral_1h_input_tokens) * 2_000_000n +
        n("output_tokens") * 5_000_000n;
      return s + roundHalfEven(exact, 1_000_000n);
    }, 0n);
    const ours = usageReport(groups).byProvider.find((l) => l.key === "anthropic")?.costMicroUsd ?? 0n;
    expect(ours).toBe(bill);
    const exact = { percent: 0, absMicroUsd: 0n };
    expect(
      compareProviderCost({
        provider: "anthropic",
        day: "today",
        oursMicroUsd: ours,
        theirsMicroUsd: bill,
        tolerance: exact,
      }),
    ).toBeNull();
    // Billing every prompt token at the input rate (two dimensions) would not reconcile.
    const twoDimensions = anthropic.usages.reduce((s, u) => {
      const n = (k: string) => BigInt((u[k] as number | undefined) ?? 0);
      const input = n("input_tokens") + n("cache_read_input_tokens") + n("cache_creation_input_tokens");
      return s + roundHalfEven(input * 1_000_000n + n("output_tokens") * 5_000_000n, 1_000_000n);
    }, 0n);
    expect(
      compareProviderCost({
        provider: "anthropic",
        day: "today",
        oursMicroUsd: twoDimensions,
        theirsMicroUsd: bill,
        tolerance: exact,
      }),
    ).toMatchObject({ kind: "provider_cost_mismatch" });
  });

  it("settles a reply that rounds to 0 PT with no ledger transaction", async () => {
    const userId = await newUser();
    const account = { kind: "user" as const, userId };
    const price = await getPrice(p, { model: "demo" });
    const hold = await reserve(p, { account, amount: 5n, key: `chat:${randomUUID()}`, ttlSeconds: 60 });
    const conversation = await p.conversation.create({ data: { userId, title: "zero", model: "demo" } });
    const message = await p.message.create({
      data: {
        conversationId: conversation.id,
        role: "assistant",
        content: "",
        status: "streaming",
        holdId: hold.holdId,
      },
    });
    const txBefore = await p.ledgerTransaction.count();
    // An aborted demo reply: 24 input + 2 output tokens = 0.48 PT.
    const settled = await settleMessage(p, {
      messageId: message.id,
      holdId: hold.holdId,
      account,
      model: "demo",
      price,
      outcome: "aborted",
      text: "Su",
      usage: { inputTokens: 24, outputTokens: 2 },
      promptTokens: 24,
    });
    expect(settled.ptCharged).toBe(0n);
    expect(await p.ledgerTransaction.count()).toBe(txBefore);
    expect(await p.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "aborted",
      ptCharged: 0n,
      inputTokens: 24,
      outputTokens: 2,
    });
    expect(await p.ledgerHold.findUniqueOrThrow({ where: { id: hold.holdId } })).toMatchObject({
      status: "settled",
      charged: 0n,
      transactionId: null,
    });
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });
});
