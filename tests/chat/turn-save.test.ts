// The turn is saved while the model call starts; the response waits for it. A failed save answers
// an error and releases the whole hold, and a reader that cancels right after the first parts
// still settles the message (nothing is left "streaming", which would count against the daily
// cap, or held until the sweeper comes).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as history from "@/lib/chat/history";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { chatRequest, createUser, ctx, grant, settledMessage, wireFakeProvider } from "./helpers";

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

describe("saving the turn alongside the model call", () => {
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
    vi.restoreAllMocks();
    await fake.close();
    await db.cleanup();
  });

  async function newUser() {
    const userId = await createUser(p);
    await grant(p, { kind: "user", userId }, 100_000n);
    state.principal = { kind: "user", userId, emailVerified: true };
    return userId;
  }

  it("a failed save answers an error, sends nothing and charges nothing", async () => {
    const userId = await newUser();
    const before = await getBalance(p, { kind: "user", userId });
    vi.spyOn(history, "appendTurn").mockRejectedValueOnce(new Error("connection reset"));
    const response = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: "internal" } });
    const after = await getBalance(p, { kind: "user", userId });
    expect({ available: after.available, pending: after.pending }).toEqual({
      available: before.available,
      pending: 0n,
    });
    expect(await p.ledgerHold.count({ where: { accountId: after.accountId, status: "open" } })).toBe(0);
    expect(await p.message.count({ where: { conversation: { userId } } })).toBe(0);
    expect(await p.chatStreamSlot.count({ where: { ownerKey: `u:${userId}` } })).toBe(0);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("a reader that cancels right after the first part still settles the message", async () => {
    const userId = await newUser();
    const before = await getBalance(p, { kind: "user", userId });
    const controller = new AbortController();
    const response = await chatPOST(
      chatRequest({ model: "fake-stall", message: "hi" }, controller.signal),
      ctx(),
    );
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    expect(first).toContain('"type":"start"');
    const messageId = /"messageId":"([0-9a-f-]{36})"/.exec(first)?.[1] ?? "";
    await reader?.cancel();
    controller.abort();
    const message = await settledMessage(p, messageId);
    expect(message.status).toBe("aborted");
    const after = await getBalance(p, { kind: "user", userId });
    expect(after.pending).toBe(0n);
    expect(after.available).toBe(before.available - (message.ptCharged ?? 0n));
    expect(await p.ledgerHold.count({ where: { accountId: after.accountId, status: "open" } })).toBe(0);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });
});
