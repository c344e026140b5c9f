// No overspend through the API, whatever the concurrency: 20 concurrent requests on a key whose
// budget covers exactly 5 holds serve 5 (the rest 402 insufficient_quota, or 429 while the key's
// concurrency slots are busy); the same with the account balance as the limit. Each served request
// is charged its whole hold (the fake reports more usage than the worst case, and settle posts
// min(actual, hold)), so the budget stays exhausted after they settle. Afterwards the key's
// counters, the account's balance and the ledger's invariants are exact, and no hold is open.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { estimate } from "@/lib/pricing/estimate";
import { createUser, grant, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { APP, appFetch, newKey } from "./helpers";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const MESSAGES = [{ role: "user" as const, content: "Spend it all" }];
const MAX_TOKENS = 16;
const N = 20;

describe("API admission under concurrency", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;
  let hold: bigint;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
    // Usage far above the worst case: every served request is charged exactly its hold.
    fake.setBehavior("fake-model", { promptOverhead: 100_000, chunkDelayMs: 2 });
    hold = (await estimate(p, { model: "fake-model", messages: MESSAGES, maxOutputTokens: MAX_TOKENS })).pt;
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  async function fire(secret: string, stream: boolean) {
    const client = new OpenAI({ apiKey: secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    return Promise.all(
      Array.from({ length: N }, async (_, i) => {
        try {
          if (stream && i % 2 === 0) {
            const s = await client.chat.completions.create({
              model: "fake-model",
              messages: MESSAGES,
              max_tokens: MAX_TOKENS,
              stream: true,
            });
            for await (const _chunk of s) {
              // drain
            }
          } else {
            await client.chat.completions.create({
              model: "fake-model",
              messages: MESSAGES,
              max_tokens: MAX_TOKENS,
            });
          }
          return "served";
        } catch (error) {
          if (!(error instanceof OpenAI.APIError)) throw error;
          return `${error.status} ${error.code}`;
        }
      }),
    );
  }

  async function expectLedgerExact(userId: string, granted: bigint, served: number) {
    const balance = await getBalance(p, { kind: "user", userId });
    expect(balance.pending).toBe(0n);
    expect(balance.available).toBe(granted - BigInt(served) * hold);
    expect(await p.ledgerHold.count({ where: { status: "open" } })).toBe(0);
    expect(await p.apiRequest.count({ where: { userId, status: "streaming" } })).toBe(0);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  }

  function tally(outcomes: string[]) {
    const served = outcomes.filter((o) => o === "served").length;
    const others = outcomes.filter((o) => o !== "served");
    return { served, others };
  }

  it("a key whose budget covers exactly 5 holds serves exactly 5 of 20 concurrent requests", async () => {
    const userId = await createUser(p, { plan: "max" });
    const granted = 1_000_000n;
    await grant(p, { kind: "user", userId }, granted);
    const key = await newKey(p, userId, { budgetPt: 5n * hold });
    const { served, others } = tally(await fire(key.secret, true));
    expect(served).toBe(5);
    for (const o of others) expect(["402 insufficient_quota", "429 rate_limit_exceeded"]).toContain(o);
    expect(others).toContain("402 insufficient_quota");
    const row = await p.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.spentPt).toBe(5n * hold);
    expect(row.reservedPt).toBe(0n);
    expect(row.monthSpentPt).toBe(5n * hold);
    await expectLedgerExact(userId, granted, 5);
  });

  it("a monthly budget is held the same way", async () => {
    const userId = await createUser(p, { plan: "max" });
    await grant(p, { kind: "user", userId }, 1_000_000n);
    const key = await newKey(p, userId, { monthlyBudgetPt: 3n * hold });
    const { served } = tally(await fire(key.secret, false));
    expect(served).toBe(3);
    await expectLedgerExact(userId, 1_000_000n, 3);
  });

  it("an account whose balance covers exactly 5 holds serves exactly 5, over two keys at once", async () => {
    const userId = await createUser(p, { plan: "max" });
    const granted = 5n * hold;
    await grant(p, { kind: "user", userId }, granted);
    const a = await newKey(p, userId);
    const b = await newKey(p, userId);
    const results = (await Promise.all([fire(a.secret, true), fire(b.secret, false)])).flat();
    const { served, others } = tally(results);
    expect(served).toBe(5);
    for (const o of others) expect(["402 insufficient_quota", "429 rate_limit_exceeded"]).toContain(o);
    expect(others).toContain("402 insufficient_quota");
    await expectLedgerExact(userId, granted, 5);
    const keys = await p.apiKey.findMany({ where: { userId } });
    expect(keys.reduce((s, k) => s + k.spentPt, 0n)).toBe(granted);
  });

  it("a revoked key is refused on the very next request, and nothing is held", async () => {
    const userId = await createUser(p, { plan: "max" });
    await grant(p, { kind: "user", userId }, 1_000_000n);
    const key = await newKey(p, userId);
    const client = new OpenAI({ apiKey: key.secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    await client.chat.completions.create({ model: "fake-model", messages: MESSAGES, max_tokens: MAX_TOKENS });
    await p.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    const err = await client.chat.completions
      .create({ model: "fake-model", messages: MESSAGES, max_tokens: MAX_TOKENS })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    await expectLedgerExact(userId, 1_000_000n, 1);
  });
});
