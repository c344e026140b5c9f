// /v1 driven by clients no one here wrote: the official `openai` package (streaming and not) and
// the AI SDK's OpenAI-compatible provider, against the real route handlers, a real database and
// the fake provider over HTTP. Charges equal the price table on the usage, the ledger and the
// key's counters agree, errors come in OpenAI's shape.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, streamText } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ChatCompletionChunk, ChatCompletionResponse } from "@/app/v1/chat/completions/schema";
import { flushKeyUse } from "@/lib/api/last-used";
import { flushRefusals } from "@/lib/api/refusals";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { costOf, getPrice } from "@/lib/pricing/prices";
import { createUser, grant, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { DEFAULT_FAKE_CONTENT, startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { APP, appFetch, newKey } from "./helpers";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

describe("/v1 with real OpenAI clients", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  async function setup(pt = 1_000_000n, plan: "free" | "pro" | "max" = "max") {
    const userId = await createUser(p, { plan });
    await grant(p, { kind: "user", userId }, pt);
    const key = await newKey(p, userId);
    const client = new OpenAI({ apiKey: key.secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    return { userId, key, client };
  }

  async function expectedCharge(usage: { prompt_tokens: number; completion_tokens: number }) {
    const price = await getPrice(p, { model: "fake-model" });
    return costOf(price, { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }).pt;
  }

  it("non-streaming: answers OpenAI's shape and charges exactly the price table on the usage", async () => {
    const { userId, key, client } = await setup();
    const before = await getBalance(p, { kind: "user", userId });
    const res = await client.chat.completions.create({
      model: "fake-model",
      messages: [{ role: "user", content: "Explain holds please" }],
      max_tokens: 200,
    });
    expect(res.object).toBe("chat.completion");
    // The documented response schema (OpenAPI) is what the route answers.
    ChatCompletionResponse.parse(res);
    expect(res.choices[0]?.message.content).toBe(DEFAULT_FAKE_CONTENT);
    expect(res.choices[0]?.finish_reason).toBe("stop");
    const usage = res.usage as NonNullable<typeof res.usage>;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    const charge = await expectedCharge(usage);
    const ledger = (res as unknown as { ledgerchat: { pt_charged: string } }).ledgerchat;
    expect(BigInt(ledger.pt_charged)).toBe(charge);
    const after = await getBalance(p, { kind: "user", userId });
    expect(before.available - after.available).toBe(charge);
    await flushKeyUse(p);
    const row = await p.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.spentPt).toBe(charge);
    expect(row.reservedPt).toBe(0n);
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.lastUsedIp).toBeTruthy();
    const requests = await p.apiRequest.findMany({ where: { keyId: key.id } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      status: "complete",
      ptCharged: charge,
      model: "fake-model",
      stream: false,
    });
    expect(requests[0]?.requestBody).toBeNull();
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("streaming with include_usage: the chunks add up to the text and the usage chunk carries the charge", async () => {
    const { userId, key, client } = await setup();
    const stream = await client.chat.completions.create({
      model: "fake-model",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Stream it" },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
    let charged: string | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      ChatCompletionChunk.parse(chunk);
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
      if (chunk.usage) {
        usage = chunk.usage;
        charged = (chunk as unknown as { ledgerchat: { pt_charged: string } }).ledgerchat.pt_charged;
      }
    }
    expect(text).toBe(DEFAULT_FAKE_CONTENT);
    expect(finish).toBe("stop");
    expect(usage).toBeDefined();
    const charge = await expectedCharge(usage as NonNullable<typeof usage>);
    expect(BigInt(charged as string)).toBe(charge);
    const row = await p.apiRequest.findFirstOrThrow({ where: { keyId: key.id } });
    expect(row).toMatchObject({ status: "complete", ptCharged: charge, stream: true });
    const balance = await getBalance(p, { kind: "user", userId });
    expect(balance.available).toBe(1_000_000n - charge);
    expect(balance.pending).toBe(0n);
  });

  it("the AI SDK's OpenAI-compatible provider works against the app (generate and stream)", async () => {
    const { key } = await setup();
    const provider = createOpenAICompatible({
      name: "ledgerchat",
      baseURL: `${APP}/v1`,
      apiKey: key.secret,
      fetch: appFetch,
      includeUsage: true,
    });
    const generated = await generateText({ model: provider.chatModel("fake-model"), prompt: "Hello" });
    expect(generated.text).toBe(DEFAULT_FAKE_CONTENT);
    expect(generated.usage.outputTokens).toBeGreaterThan(0);
    const streamed = streamText({ model: provider.chatModel("fake-model"), prompt: "Hello again" });
    expect(await streamed.text).toBe(DEFAULT_FAKE_CONTENT);
    expect((await streamed.usage).inputTokens).toBeGreaterThan(0);
    const rows = await p.apiRequest.findMany({ where: { keyId: key.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["complete", "complete"]);
  });

  it("lists the models the key may use with PT prices, and reports usage by day and model", async () => {
    const { userId, client } = await setup();
    const narrow = await newKey(p, userId, { models: ["fake-model"] });
    const all = await client.models.list();
    const ids = all.data.map((m) => m.id);
    expect(ids).toContain("fake-model");
    expect(ids).toContain("fake-pro");
    const narrowClient = new OpenAI({
      apiKey: narrow.secret,
      baseURL: `${APP}/v1`,
      fetch: appFetch,
      maxRetries: 0,
    });
    const only = await narrowClient.models.list();
    expect(only.data.map((m) => m.id)).toEqual(["fake-model"]);
    // Every rate a request is billed at (a dimension without its own rate bills as input or output).
    expect(only.data[0]).toMatchObject({
      pricing: {
        pt_per_m_input: "1000000",
        pt_per_m_output: "2000000",
        pt_per_m_cached_input: "1000000",
        pt_per_m_cache_write_5m: "1000000",
        pt_per_m_cache_write_1h: "1000000",
        pt_per_m_reasoning: "2000000",
      },
    });
    // A model outside the key's list is model_not_found, and nothing is held.
    const err = await narrowClient.chat.completions
      .create({ model: "fake-pro", messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe("model_not_found");
    await narrowClient.chat.completions.create({
      model: "fake-model",
      messages: [{ role: "user", content: "hi" }],
    });
    const usage = (await (
      await appFetch(`${APP}/v1/usage`, { headers: { authorization: `Bearer ${narrow.secret}` } })
    ).json()) as {
      key: { total_pt: string; requests: number; by_day_and_model: { model: string }[] };
      account: { total_pt: string; by_day_and_model: { model: string; pt: string }[] };
    };
    expect(usage.key.requests).toBe(1);
    expect(usage.key.by_day_and_model[0]?.model).toBe("fake-model");
    const row = await p.apiRequest.findFirstOrThrow({ where: { keyId: narrow.id, status: "complete" } });
    expect(usage.key.total_pt).toBe(String(row.ptCharged));
    expect(BigInt(usage.account.total_pt)).toBeGreaterThanOrEqual(row.ptCharged as bigint);
    // The account's spend by day and model adds up to its total.
    const lines = usage.account.by_day_and_model;
    expect(lines.map((l) => l.model)).toContain("fake-model");
    expect(lines.reduce((sum, l) => sum + BigInt(l.pt), 0n)).toBe(BigInt(usage.account.total_pt));
  });

  it("answers OpenAI's error shape: bad key 401, bad body 400 with nothing changed, unknown model 404", async () => {
    const { userId, client } = await setup();
    const bad = new OpenAI({ apiKey: "lc_test_nope", baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    const e401 = await bad.models.list().catch((e: unknown) => e);
    expect(e401).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((e401 as InstanceType<typeof OpenAI.APIError>).code).toBe("invalid_api_key");
    const e400 = await client.chat.completions
      .create({ model: "fake-model", messages: [], max_tokens: -1 })
      .catch((e: unknown) => e);
    expect(e400).toBeInstanceOf(OpenAI.BadRequestError);
    const e404 = await client.chat.completions
      .create({ model: "no-such-model", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect((e404 as InstanceType<typeof OpenAI.APIError>).code).toBe("model_not_found");
    const raw = await appFetch(`${APP}/v1/nothing-here`);
    expect(raw.status).toBe(404);
    expect(await raw.json()).toMatchObject({ error: { type: "invalid_request_error", code: "not_found" } });
    // Both refusals are recorded (request-records.test.ts), neither holds anything.
    await flushRefusals(p);
    const rows = await p.apiRequest.findMany({ where: { userId } });
    expect(rows.map((r) => `${r.status} ${r.httpStatus} ${r.ptReserved}`).sort()).toEqual([
      "refused 400 0",
      "refused 404 0",
    ]);
    expect((await getBalance(p, { kind: "user", userId })).pending).toBe(0n);
  });

  it("sends RateLimit headers, and 429 rate_limit_exceeded with Retry-After past the key's rpm", async () => {
    const { userId } = await setup();
    const key = await newKey(p, userId, { requestsPerMinute: 2 });
    const call = () => appFetch(`${APP}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } });
    const first = await call();
    expect(first.headers.get("ratelimit-policy")).toContain("q=2");
    // A refusal after authentication carries them too (here: an unknown model).
    const refused = await appFetch(`${APP}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "no-such-model", messages: [{ role: "user", content: "x" }] }),
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("ratelimit-policy")).toContain("q=2");
    expect(refused.headers.get("ratelimit")).toMatch(/r=0/);
    const third = await call();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await third.json()).toMatchObject({ error: { code: "rate_limit_exceeded" } });
  });

  it("a client abort mid-stream settles once for what was produced and frees the hold", async () => {
    const { userId, key } = await setup();
    fake.setBehavior("fake-stall", { stallAfterChunks: 3 });
    const controller = new AbortController();
    const response = await appFetch(`${APP}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "fake-stall",
        messages: [{ role: "user", content: "stall" }],
        stream: true,
      }),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = "";
    while (!seen.includes("content") || seen.split("content").length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => undefined);
    const until = Date.now() + 5_000;
    let row = await p.apiRequest.findFirstOrThrow({ where: { keyId: key.id } });
    while (row.status === "streaming" && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      row = await p.apiRequest.findFirstOrThrow({ where: { keyId: key.id } });
    }
    expect(row.status).toBe("aborted");
    expect(row.ptCharged).toBeGreaterThan(0n);
    const balance = await getBalance(p, { kind: "user", userId });
    expect(balance.pending).toBe(0n);
    expect(balance.available).toBe(1_000_000n - (row.ptCharged as bigint));
    expect(await p.ledgerHold.count({ where: { status: "open" } })).toBe(0);
  });
});
