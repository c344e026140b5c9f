// No overspend over HTTP semantics: a user with PT for exactly 5 messages fires 20 concurrent chats
// at the route handler. The plan's throttles (concurrent streams, requests per minute) are raised
// here so that the ledger hold is the only guard being tested: at most 5 stream, the rest get 402,
// the balance never goes negative and the ledger invariants hold afterwards.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { estimate } from "@/lib/pricing/estimate";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { chatRequest, createUser, ctx, grant, readAll, wireFakeProvider } from "./helpers";

const state = vi.hoisted(() => ({ userId: "", prisma: null as unknown }));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () => ({
    kind: "user",
    userId: state.userId,
    role: "USER",
    status: "active",
    twoFactorEnabled: false,
    emailVerified: true,
  }),
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));
vi.mock("@/lib/entitlements", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/entitlements")>();
  return {
    ...original,
    entitlementsFor: (plan: Parameters<typeof original.entitlementsFor>[0]) => ({
      ...original.entitlementsFor(plan),
      concurrentStreams: 50,
      requestsPerMinute: 100,
    }),
  };
});

const { POST: chatPOST } = await import("@/app/api/chat/route");

describe("no overspend under concurrency", () => {
  let db: TestDatabase;
  let fake: FakeProvider;

  beforeAll(async () => {
    db = await createTestDatabase();
    state.prisma = db.prisma;
    fake = await startFakeProvider();
    await wireFakeProvider(db.prisma, fake);
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  it("20 concurrent chats with PT for exactly 5: at most 5 stream, the rest get 402", async () => {
    const p = db.prisma;
    state.userId = await createUser(p, { plan: "max" });
    const message = "How much does this cost?";
    // The hold of one message is its worst case: the same estimate the route computes.
    const quote = await estimate(p, {
      model: "fake-model",
      messages: [{ role: "user", content: message }],
      maxOutputTokens: 8_192,
    });
    await grant(p, { kind: "user", userId: state.userId }, quote.pt * 5n);

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => chatPOST(chatRequest({ model: "fake-model", message }), ctx())),
    );
    const statuses = responses.map((r) => r.status);
    const streamed = responses.filter((r) => r.status === 200);
    expect(streamed.length).toBe(5);
    expect(statuses.filter((s) => s === 402)).toHaveLength(15);
    for (const r of responses.filter((r) => r.status === 402)) {
      expect(await r.json()).toMatchObject({ error: { code: "pt_exhausted" } });
    }
    const during = await getBalance(p, { kind: "user", userId: state.userId });
    expect(during.available).toBe(0n);
    expect(during.posted - during.pending).toBeGreaterThanOrEqual(0n);

    const finals = await Promise.all(streamed.map((r) => readAll(r)));
    let charged = 0n;
    for (const { last } of finals) {
      expect(last?.type).toBe("finish");
      const meta = last?.type === "finish" ? last.messageMetadata : undefined;
      charged += BigInt(meta?.ptCharged ?? "-1");
    }
    const after = await getBalance(p, { kind: "user", userId: state.userId });
    expect(after.pending).toBe(0n);
    expect(after.available).toBe(quote.pt * 5n - charged);
    expect(after.available).toBeGreaterThanOrEqual(0n);
    const saved = await p.message.aggregate({
      where: { role: "assistant", status: "complete" },
      _sum: { ptCharged: true },
      _count: true,
    });
    expect(saved._count).toBe(5);
    expect(saved._sum.ptCharged).toBe(charged);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });
});
