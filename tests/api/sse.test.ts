// The /v1 event stream: a burst of chunks (a provider delivering many tokens in one network read)
// reaches the client in fewer writes than events (lib/http/coalesce-writes.ts, as chat's stream),
// and a client that aborts mid-stream through the `openai` SDK's AbortController is settled exactly
// once, for the text that was sent before it went away.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { countTokens } from "@/lib/pricing/estimate";
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

describe("/v1 event streams", () => {
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

  async function setup() {
    const userId = await createUser(p, { plan: "max" });
    await grant(p, { kind: "user", userId }, 1_000_000n);
    const key = await newKey(p, userId);
    return { userId, key };
  }

  it("a burst of chunks is written in fewer writes than events, and nothing is lost", async () => {
    const { key } = await setup();
    const response = await appFetch(`${APP}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "fake-model",
        messages: [{ role: "user", content: "burst" }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let reads = 0;
    let raw = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      reads++;
      raw += decoder.decode(value, { stream: true });
    }
    const events = raw.split("\n\n").filter((e) => e.startsWith("data: "));
    const text = events
      .filter((e) => e !== "data: [DONE]")
      .map((e) => JSON.parse(e.slice(6)) as { choices: { delta: { content?: string } }[] })
      .map((c) => c.choices[0]?.delta.content ?? "")
      .join("");
    expect(text).toBe(DEFAULT_FAKE_CONTENT);
    expect(events.at(-1)).toBe("data: [DONE]");
    expect(events.length).toBeGreaterThan(5);
    expect(reads).toBeLessThan(events.length);
  });

  it("an openai SDK client aborting mid-stream is settled once, for what was sent", async () => {
    const { userId, key } = await setup();
    // The provider sends 3 chunks and then hangs: the client aborts while the stream is open.
    fake.setBehavior("fake-stall", { stallAfterChunks: 3 });
    const client = new OpenAI({ apiKey: key.secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: "fake-stall", messages: [{ role: "user", content: "stall" }], stream: true },
      { signal: controller.signal },
    );
    let seen = "";
    let contentChunks = 0;
    let finished = false;
    try {
      for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta.content ?? "";
        seen += content;
        if (content) contentChunks++;
        if (chunk.choices[0]?.finish_reason) finished = true;
        if (contentChunks === 3) controller.abort();
      }
    } catch (error) {
      // The SDK ends the iteration on its own abort; some versions throw APIUserAbortError.
      if (!(error instanceof OpenAI.APIUserAbortError)) throw error;
    }
    expect(controller.signal.aborted).toBe(true);
    expect(finished).toBe(false);
    expect(contentChunks).toBe(3);
    let row = await p.apiRequest.findFirstOrThrow({ where: { keyId: key.id } });
    for (let i = 0; i < 200 && row.status === "streaming"; i++) {
      await new Promise((r) => setTimeout(r, 25));
      row = await p.apiRequest.findFirstOrThrow({ where: { keyId: key.id } });
    }
    expect(row.status).toBe("aborted");
    // Billed for the text sent (the provider reported no usage for an aborted stream): the three
    // chunks the client read, at the output price, and the prompt as counted at admission.
    expect(row.outputTokens).toBe(countTokens(seen));
    const price = await getPrice(p, { model: "fake-stall" });
    const charge = costOf(price, { inputTokens: row.inputTokens ?? 0, outputTokens: countTokens(seen) }).pt;
    expect(row.ptCharged).toBe(charge);
    // Exactly once: one usage transaction for the hold, the key and the balance moved by it alone.
    const hold = await p.ledgerHold.findFirstOrThrow({ where: { key: `api:${row.id}` } });
    expect(hold).toMatchObject({ status: "settled", charged: charge });
    expect(await p.ledgerTransaction.count({ where: { idempotencyKey: `settle:${hold.id}` } })).toBe(1);
    expect(await p.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({
      spentPt: charge,
      reservedPt: 0n,
    });
    const balance = await getBalance(p, { kind: "user", userId });
    expect(balance).toMatchObject({ pending: 0n, available: 1_000_000n - charge });
    expect(await p.chatStreamSlot.count({ where: { messageId: row.id } })).toBe(0);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });
});
