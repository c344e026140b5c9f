// Concurrency over HTTP semantics, at the route handler.
// No overspend: a user with PT for exactly 5 messages fires 20 concurrent chats, with the plan's
// throttles raised so that the ledger hold is the only guard being tested: at most 5 stream, the
// rest get 402, the balance never goes negative and the ledger invariants hold afterwards.
// Concurrent streams: admission takes the stream slot in the statement that places the hold, and
// tries again when that statement finds no free slot while one was free (a racer took the one it
// picked). A Max user (6 streams) fires 15 stalled chats at once: exactly 6 stream, the other 9 get
// 429 concurrent_streams and keep neither a hold nor a slot; once the streams end every slot is
// free. And the race itself, made deterministic: the slot the admission statement picked is taken
// by a transaction that commits while the statement waits on it; the statement places nothing, and
// the next attempt takes the next free slot.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { entitlementsFor } from "@/lib/entitlements";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { estimate } from "@/lib/pricing/estimate";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { chatRequest, createUser, ctx, grant, readAll, wireFakeProvider } from "./helpers";

const state = vi.hoisted(() => ({ userId: "", prisma: null as unknown, raiseStreams: true }));
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
      ...(state.raiseStreams ? { concurrentStreams: 50 } : {}),
      requestsPerMinute: 100,
    }),
  };
});

const { POST: chatPOST } = await import("@/app/api/chat/route");

describe("concurrent chats", () => {
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
    state.raiseStreams = true;
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

  it("admits exactly the plan's streams; the refused keep no hold and no slot", async () => {
    const p = db.prisma;
    state.raiseStreams = false;
    state.userId = await createUser(p, { plan: "max" });
    await grant(p, { kind: "user", userId: state.userId }, 100_000_000n);
    const limit = entitlementsFor("max").concurrentStreams;
    const ownerKey = `u:${state.userId}`;

    const clients = Array.from({ length: 15 }, () => new AbortController());
    const responses = await Promise.all(
      clients.map((c) => chatPOST(chatRequest({ model: "fake-stall", message: "go" }, c.signal), ctx())),
    );
    const streaming = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    expect(streaming).toHaveLength(limit);
    expect(refused).toHaveLength(15 - limit);
    for (const r of refused) {
      expect(await r.json()).toMatchObject({ error: { details: { reason: "concurrent_streams" } } });
    }
    const during = await getBalance(p, { kind: "user", userId: state.userId });
    expect(await p.chatStreamSlot.count({ where: { ownerKey } })).toBe(limit);
    expect(await p.ledgerHold.count({ where: { accountId: during.accountId, status: "open" } })).toBe(limit);

    // The stalled streams end when their clients go; each is settled and frees its slot.
    for (const c of clients) c.abort();
    await Promise.all(streaming.map((r) => r.body?.cancel()));
    await vi.waitFor(async () => expect(await p.chatStreamSlot.count({ where: { ownerKey } })).toBe(0));
    await vi.waitFor(async () =>
      expect((await getBalance(p, { kind: "user", userId: state.userId })).pending).toBe(0n),
    );
    expect(await p.message.count({ where: { role: "assistant", status: "streaming" } })).toBe(0);
    expect(await checkLedgerInvariants(p)).toEqual([]);

    // With the slots free the next request streams again.
    const next = await chatPOST(chatRequest({ model: "fake-model", message: "again" }), ctx());
    expect(next.status).toBe(200);
    await readAll(next);
  });

  it("takes the next free slot when a racer commits the one the first attempt picked", async () => {
    // The race needs a second session, so real Postgres (PGlite has one session).
    expect(db.url, "TEST_DATABASE_URL must point at Postgres").toBeDefined();
    const p = db.prisma;
    state.raiseStreams = false;
    state.userId = await createUser(p, { plan: "pro" });
    await grant(p, { kind: "user", userId: state.userId }, 100_000_000n);
    const ownerKey = `u:${state.userId}`;
    const racer = new pg.Client({ connectionString: db.url });
    await racer.connect();
    const client = new AbortController();
    try {
      await racer.query("BEGIN");
      await racer.query(
        `INSERT INTO "ChatStreamSlot" ("ownerKey", slot, "messageId", "expiresAt")
         VALUES ($1, 0, $2, now() + interval '1 minute')`,
        [ownerKey, randomUUID()],
      );
      const admitting = chatPOST(chatRequest({ model: "fake-stall", message: "go" }, client.signal), ctx());
      // Admission saw slot 0 free (the racer has not committed) and now waits on its row lock.
      await vi.waitFor(async () => {
        const { rows } = await racer.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        expect(rows[0].n).toBe(1);
      });
      await racer.query("COMMIT");
      const response = await admitting;
      expect(response.status).toBe(200);
      const slots = await p.chatStreamSlot.findMany({ where: { ownerKey }, orderBy: { slot: "asc" } });
      expect(slots.map((s) => s.slot)).toEqual([0, 1]);
      const during = await getBalance(p, { kind: "user", userId: state.userId });
      expect(await p.ledgerHold.count({ where: { accountId: during.accountId, status: "open" } })).toBe(1);
      client.abort();
      await response.body?.cancel();
      await vi.waitFor(async () => expect(await p.chatStreamSlot.count({ where: { ownerKey } })).toBe(1));
    } finally {
      await racer.end();
    }
  });
});
