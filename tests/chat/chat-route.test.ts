// POST /api/chat over real Request objects against a real database and the fake provider over
// real HTTP: usage recorded, aborts billed for what was produced, errors before output release the
// hold, unknown/unpriced models refused with no hold, charges equal the price table on the usage.
import { countTokens } from "gpt-tokenizer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDailyPtCap } from "@/lib/chat/settings";
import { settleMessage } from "@/lib/chat/settle";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { transferAvailable } from "@/lib/ledger/transfer";
import { costOf, getPrice } from "@/lib/pricing/prices";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { DEFAULT_FAKE_CONTENT, fakeChunks, startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import {
  chatRequest,
  createUser,
  ctx,
  grant,
  readAll,
  settledMessage,
  sseChunks,
  wireFakeProvider,
} from "./helpers";

const state = vi.hoisted(() => ({
  principal: null as
    | null
    | { kind: "user"; userId: string; emailVerified: boolean }
    | { kind: "guest"; guestId: string },
  prisma: null as unknown,
}));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () =>
    state.principal?.kind === "user"
      ? { role: "USER", status: "active", twoFactorEnabled: false, ...state.principal }
      : null,
  resolveGuest: async () => (state.principal?.kind === "guest" ? state.principal : null),
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const { POST: chatPOST } = await import("@/app/api/chat/route");

describe("POST /api/chat", () => {
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

  async function newUser(pt = 100_000n, plan: "free" | "pro" | "max" = "free") {
    const userId = await createUser(p, { plan });
    await grant(p, { kind: "user", userId }, pt);
    state.principal = { kind: "user", userId, emailVerified: true };
    return userId;
  }

  it("records the provider's usage and charges the price table applied to it", async () => {
    const userId = await newUser();
    const response = await chatPOST(
      chatRequest({ model: "fake-model", message: "Explain holds please" }),
      ctx(),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    // An event stream is never compressed on the way (Next's gzip honours no-transform).
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    const { chunks, text, last } = await readAll(response);
    expect(text).toBe(DEFAULT_FAKE_CONTENT);
    const start = chunks[0];
    expect(start?.type).toBe("start");
    const messageId = start?.type === "start" ? (start.messageId as string) : "";

    const message = await p.message.findUniqueOrThrow({ where: { id: messageId } });
    const request = fake.requests.at(-1);
    expect(request?.stream_options?.include_usage).toBe(true);
    const expectedInput = countTokens("user: Explain holds please") + 7; // the fake's prompt overhead
    const expectedOutput = countTokens(DEFAULT_FAKE_CONTENT);
    const price = await getPrice(p, { model: "fake-model" });
    const cost = costOf(price, { inputTokens: expectedInput, outputTokens: expectedOutput });
    expect(message).toMatchObject({
      status: "complete",
      content: DEFAULT_FAKE_CONTENT,
      inputTokens: expectedInput,
      outputTokens: expectedOutput,
      ptCharged: cost.pt,
      providerCostMicroUsd: cost.providerCostMicroUsd,
    });
    expect(cost.pt).toBe(BigInt(expectedInput + 2 * expectedOutput));
    expect(message.holdId).toBeTruthy();

    // The last part carries what was charged and what is left, matching the ledger.
    expect(last?.type).toBe("finish");
    const balance = await getBalance(p, { kind: "user", userId });
    expect(last?.type === "finish" && last.messageMetadata).toMatchObject({
      ptCharged: cost.pt.toString(),
      ptAvailable: balance.available.toString(),
    });
    expect(balance.available).toBe(100_000n - cost.pt);
    expect(balance.pending).toBe(0n);
    const hold = await p.ledgerHold.findUniqueOrThrow({ where: { id: message.holdId as string } });
    expect(hold.status).toBe("settled");
    const conversation = await p.conversation.findFirstOrThrow({ where: { userId } });
    expect(conversation.title).toBe("Explain holds please");
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("bills an aborted stream for the produced tokens only, counted from the streamed text", async () => {
    const userId = await newUser();
    const controller = new AbortController();
    const response = await chatPOST(
      chatRequest({ model: "fake-stall", message: "Tell me a long story" }, controller.signal),
      ctx(),
    );
    expect(response.status).toBe(200);
    let messageId = "";
    let text = "";
    let deltas = 0;
    const reader = sseChunks(response);
    for await (const chunk of reader) {
      if (chunk.type === "start") messageId = chunk.messageId as string;
      if (chunk.type === "text-delta") {
        text += chunk.delta;
        if (++deltas === 4) break; // the fake now stalls: the user presses stop
      }
    }
    controller.abort();
    const message = await settledMessage(p, messageId);
    const produced = fakeChunks(DEFAULT_FAKE_CONTENT).slice(0, 4).join("");
    expect(text).toBe(produced);
    const price = await getPrice(p, { model: "fake-stall" });
    // No usage came from the provider: input is our prompt count, output the streamed text's tokens.
    expect(message.status).toBe("aborted");
    expect(message.outputTokens).toBe(countTokens(produced));
    expect(message.content).toBe(produced);
    const cost = costOf(price, {
      inputTokens: message.inputTokens ?? -1,
      outputTokens: countTokens(produced),
    });
    expect(message.ptCharged).toBe(cost.pt);
    const balance = await getBalance(p, { kind: "user", userId });
    expect(balance.available).toBe(100_000n - cost.pt);
    expect(balance.pending).toBe(0n);
    await vi.waitFor(() => expect(fake.clientAborts()).toBeGreaterThan(0));
    // The slot is released right after the settlement.
    await vi.waitFor(async () => expect(await p.chatStreamSlot.count({ where: { messageId } })).toBe(0));
  });

  it("releases the hold when the provider fails before any output", async () => {
    const userId = await newUser();
    const response = await chatPOST(chatRequest({ model: "fake-down", message: "hello" }), ctx());
    const { chunks, text } = await readAll(response);
    expect(text).toBe("");
    expect(chunks.some((c) => c.type === "error")).toBe(true);
    const start = chunks[0];
    const message = await p.message.findUniqueOrThrow({
      where: { id: start?.type === "start" ? (start.messageId as string) : "" },
    });
    expect(message).toMatchObject({ status: "error", ptCharged: 0n, outputTokens: 0 });
    const hold = await p.ledgerHold.findUniqueOrThrow({ where: { id: message.holdId as string } });
    expect(hold.status).toBe("released");
    expect(await getBalance(p, { kind: "user", userId })).toMatchObject({ available: 100_000n, pending: 0n });
  });

  it("bills a mid-stream failure for the text produced, and a stream without usage by counting", async () => {
    await newUser();
    const broken = await readAll(await chatPOST(chatRequest({ model: "fake-broken", message: "hi" }), ctx()));
    const brokenStart = broken.chunks[0];
    const m1 = await p.message.findUniqueOrThrow({
      where: { id: brokenStart?.type === "start" ? (brokenStart.messageId as string) : "" },
    });
    expect(broken.text).toBe(fakeChunks(DEFAULT_FAKE_CONTENT).slice(0, 3).join(""));
    expect(m1).toMatchObject({ status: "error", outputTokens: countTokens(broken.text) });
    expect(m1.ptCharged).toBeGreaterThan(0n);

    const plain = await readAll(await chatPOST(chatRequest({ model: "fake-nousage", message: "hi" }), ctx()));
    const plainStart = plain.chunks[0];
    const m2 = await p.message.findUniqueOrThrow({
      where: { id: plainStart?.type === "start" ? (plainStart.messageId as string) : "" },
    });
    expect(m2).toMatchObject({ status: "complete", outputTokens: countTokens(DEFAULT_FAKE_CONTENT) });
    const price = await getPrice(p, { model: "fake-nousage" });
    expect(m2.ptCharged).toBe(
      costOf(price, { inputTokens: m2.inputTokens ?? -1, outputTokens: m2.outputTokens ?? -1 }).pt,
    );
  });

  it("refuses an unknown or unpriced model with no hold and nothing saved", async () => {
    const userId = await newUser();
    const holdsBefore = await p.ledgerHold.count();
    const unknown = await chatPOST(chatRequest({ model: "no-such-model", message: "hi" }), ctx());
    expect(unknown.status).toBe(422);
    const unpriced = await chatPOST(chatRequest({ model: "fake-unpriced", message: "hi" }), ctx());
    expect(unpriced.status).toBe(422);
    expect(((await unpriced.json()) as { error: { code: string } }).error.code).toBe("price_unknown");
    expect(await p.ledgerHold.count()).toBe(holdsBefore);
    expect(await p.conversation.count({ where: { userId } })).toBe(0);
    expect(await p.chatStreamSlot.count()).toBe(0);
  });

  it("answers 402 with what is needed, what is available and how to top up", async () => {
    await newUser(10n);
    const response = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(response.status).toBe(402);
    const body = (await response.json()) as {
      error: { code: string; details: { needed: string; available: string; upgrade: { kind: string }[] } };
    };
    expect(body.error.code).toBe("pt_exhausted");
    expect(BigInt(body.error.details.needed)).toBeGreaterThan(10n);
    expect(body.error.details.available).toBe("10");
    expect(body.error.details.upgrade.map((u) => u.kind)).toEqual(["top_up", "plan", "plan"]);
  });

  it("a 402 caused by the history says what a new chat would need, and a new chat then goes through", async () => {
    const userId = await newUser(100_000n);
    // A long first message: every later turn of this conversation carries it as history.
    const first = await chatPOST(
      chatRequest({ model: "fake-model", message: "ledger ".repeat(1_100) }),
      ctx(),
    );
    expect(first.status).toBe(200);
    const { chunks } = await readAll(first);
    const start = chunks[0];
    const messageId = start?.type === "start" ? (start.messageId as string) : "";
    const conversationId = (await p.message.findUniqueOrThrow({ where: { id: messageId } })).conversationId;
    // Leave 2,100 PT available: a new "hi" needs about 2,060 (1,024 output tokens at 2 PT), the
    // same "hi" in this conversation over 3,500.
    // (Moved out, not held: an open hold is today's spend, which the daily cap would count.)
    await transferAvailable(p, {
      from: { kind: "user", userId },
      to: { kind: "user", userId: await createUser(p) },
      key: `test:${userId}`,
    });
    await grant(p, { kind: "user", userId }, 2_100n);

    const refused = await chatPOST(
      chatRequest({ model: "fake-model", conversationId, message: "hi" }),
      ctx(),
    );
    expect(refused.status).toBe(402);
    const body = (await refused.json()) as {
      error: { details: { needed: string; available: string; newChatNeeded?: string } };
    };
    expect(body.error.details.available).toBe("2100");
    expect(BigInt(body.error.details.needed)).toBeGreaterThan(3_000n);
    expect(body.error.details.newChatNeeded).toBeDefined();
    expect(BigInt(body.error.details.newChatNeeded ?? "0")).toBeLessThanOrEqual(2_100n);

    const fresh = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(fresh.status).toBe(200);
    await readAll(fresh);
    // A new conversation has no history to blame: its 402 carries no newChatNeeded.
    await newUser(10n);
    const plain = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(((await plain.json()) as { error: { details: object } }).error.details).not.toHaveProperty(
      "newChatNeeded",
    );
  });

  it("enforces model tier, verified email, frozen accounts and the concurrent-stream limit", async () => {
    await newUser();
    const locked = await chatPOST(chatRequest({ model: "fake-pro", message: "hi" }), ctx());
    expect(locked.status).toBe(403);
    expect(await locked.json()).toMatchObject({
      error: { details: { reason: "model_locked", upgrade: ["pro", "max"] } },
    });

    const unverified = await createUser(p, { verified: false });
    await grant(p, { kind: "user", userId: unverified }, 100_000n);
    state.principal = { kind: "user", userId: unverified, emailVerified: false };
    expect((await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx())).status).toBe(403);
    // The demo model has no provider cost: an unverified account may use it.
    const demo = await chatPOST(chatRequest({ model: "demo", message: "hi" }), ctx());
    expect(demo.status).toBe(200);
    await readAll(demo);

    const frozen = await createUser(p, { status: "frozen" });
    state.principal = { kind: "user", userId: frozen, emailVerified: true };
    expect((await chatPOST(chatRequest({ model: "demo", message: "hi" }), ctx())).status).toBe(403);

    // Free plan: one stream at a time. A second request while the first streams gets 429, and the
    // hold admission placed for it while the slot was being read is voided: only the first's stays.
    const streamer = await newUser();
    const controller = new AbortController();
    const first = await chatPOST(
      chatRequest({ model: "fake-stall", message: "one" }, controller.signal),
      ctx(),
    );
    expect(first.status).toBe(200);
    const during = await getBalance(p, { kind: "user", userId: streamer });
    const second = await chatPOST(chatRequest({ model: "fake-model", message: "two" }), ctx());
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ error: { details: { reason: "concurrent_streams" } } });
    expect(await getBalance(p, { kind: "user", userId: streamer })).toMatchObject({
      available: during.available,
      pending: during.pending,
    });
    expect(await p.ledgerHold.count({ where: { accountId: during.accountId, status: "open" } })).toBe(1);
    controller.abort();
    await first.body?.cancel();
    await vi.waitFor(async () => expect(await p.chatStreamSlot.count()).toBe(0));
    const third = await chatPOST(chatRequest({ model: "fake-model", message: "three" }), ctx());
    expect(third.status).toBe(200);
    await readAll(third);
  });

  it("settles idempotently on the message id: a retried settle never bills twice", async () => {
    const userId = await newUser();
    const { chunks } = await readAll(
      await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx()),
    );
    const start = chunks[0];
    const message = await p.message.findUniqueOrThrow({
      where: { id: start?.type === "start" ? (start.messageId as string) : "" },
    });
    const before = await getBalance(p, { kind: "user", userId });
    const again = await settleMessage(p, {
      messageId: message.id,
      holdId: message.holdId as string,
      account: { kind: "user", userId },
      model: "fake-model",
      price: await getPrice(p, { model: "fake-model" }),
      outcome: "complete",
      text: "a different, much longer text that would cost more if it were billed again",
      promptTokens: 5,
    });
    expect(again.ptCharged).toBe(message.ptCharged);
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(before.available);
    expect((await p.message.findUniqueOrThrow({ where: { id: message.id } })).content).toBe(message.content);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("refuses once the user's own daily cap would be exceeded", async () => {
    const userId = await newUser();
    await p.chatSettings.create({ data: { userId, dailyPtCap: 50n } });
    const before = await getBalance(p, { kind: "user", userId });
    const response = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ error: { details: { reason: "daily_cap", cap: "50" } } });
    // Nothing is held or charged for the refused request, and its stream slot is free.
    const after = await getBalance(p, { kind: "user", userId });
    expect({ available: after.available, pending: after.pending }).toEqual({
      available: before.available,
      pending: 0n,
    });
    expect(await p.ledgerHold.count({ where: { accountId: after.accountId, status: "open" } })).toBe(0);
    expect(await p.chatStreamSlot.count({ where: { ownerKey: `u:${userId}` } })).toBe(0);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("applies a lowered daily cap to the very next chat (the cached plan and caps are forgotten)", async () => {
    const userId = await newUser();
    const first = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(first.status).toBe(200);
    await readAll(first);
    await setDailyPtCap(p, userId, 10n);
    const second = await chatPOST(chatRequest({ model: "fake-model", message: "hi again" }), ctx());
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ error: { details: { reason: "daily_cap", cap: "10" } } });
  });

  it("counts today's spend across the user's conversations against the daily cap", async () => {
    const userId = await newUser();
    const first = await readAll(await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx()));
    const start = first.chunks[0];
    const worst = BigInt(start?.type === "start" ? String(start.messageMetadata?.ptReserved) : "-1");
    const charged = BigInt(
      first.last?.type === "finish" ? String(first.last.messageMetadata?.ptCharged) : "-1",
    );
    expect(charged).toBeGreaterThan(0n);
    // The same message in a new conversation holds the same worst case: one PT short of the cap
    // is refused, exactly at the cap it streams.
    await setDailyPtCap(p, userId, charged + worst - 1n);
    const refused = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: { details: { reason: "daily_cap", spent: charged.toString() } },
    });
    await setDailyPtCap(p, userId, charged + worst);
    const allowed = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(allowed.status).toBe(200);
    await readAll(allowed);
  });
});
