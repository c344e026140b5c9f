// The owner's daily PT cap is per account, whichever surface spends: PT charged through the API
// counts against the next chat turn, and PT charged in chat against the next API request. Both
// are refused with the cap's 429 (reason daily_cap) and leave nothing held.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flushRefusals } from "@/lib/api/refusals";
import { setDailyPtCap } from "@/lib/chat/settings";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { chatRequest, createUser, ctx, grant, readAll, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { APP, appFetch, newKey } from "./helpers";

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

describe("the daily PT cap counts chat and API spend alike", () => {
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

  async function newOwner() {
    const userId = await createUser(p, { plan: "pro" });
    await grant(p, { kind: "user", userId }, 100_000n);
    state.principal = { kind: "user", userId, emailVerified: true };
    const key = await newKey(p, userId);
    const client = new OpenAI({ apiKey: key.secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    return { userId, key, client };
  }

  const ask = (client: OpenAI) =>
    client.chat.completions.create({ model: "fake-model", messages: [{ role: "user", content: "hi" }] });

  it("API spend counts against the next chat turn", async () => {
    const { userId, key, client } = await newOwner();
    await ask(client);
    const { spentPt } = await p.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(spentPt).toBeGreaterThan(0n);
    // Room for one more PT today: any chat turn's worst case is more.
    await setDailyPtCap(p, userId, spentPt + 1n);
    const refused = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: { details: { reason: "daily_cap", spent: spentPt.toString() } },
    });
    const balance = await getBalance(p, { kind: "user", userId });
    expect(balance.pending).toBe(0n);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("chat spend counts against the next API request", async () => {
    const { userId, key, client } = await newOwner();
    const turn = await readAll(await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx()));
    const charged = BigInt(
      turn.last?.type === "finish" ? String(turn.last.messageMetadata?.ptCharged) : "-1",
    );
    expect(charged).toBeGreaterThan(0n);
    await setDailyPtCap(p, userId, charged + 1n);
    const error = await ask(client).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect((error as Error).message).toMatch(/daily PT limit/);
    // Refused before anything was held or recorded against the key.
    expect(await p.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({
      reservedPt: 0n,
      spentPt: 0n,
    });
    // Recorded as a refusal, holding nothing.
    await flushRefusals(p);
    const rows = await p.apiRequest.findMany({ where: { keyId: key.id } });
    expect(rows.map((r) => `${r.status} ${r.httpStatus} ${r.errorCode} ${r.ptReserved}`)).toEqual([
      "refused 429 rate_limit_exceeded 0",
    ]);
    expect((await getBalance(p, { kind: "user", userId })).pending).toBe(0n);
  });
});
