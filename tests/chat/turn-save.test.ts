// The turn is saved in the statement that takes the slot and places the hold: a failure there
// answers an error and leaves nothing (no hold, message or slot), a conversation gone meanwhile
// answers 404 with everything freed, and a reader that cancels right after the first parts still
// settles the message (nothing is left "streaming", which would count against the daily cap, or
// held until the sweeper comes).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as history from "@/lib/chat/history";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
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

describe("saving the turn with its hold", () => {
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

  it("a failed admission statement answers an error and leaves nothing: no hold, turn or slot", async () => {
    const userId = await newUser();
    const before = await getBalance(p, { kind: "user", userId });
    // The turn's insert fails inside the statement that also took the slot and placed the hold.
    vi.spyOn(history, "turnCtes").mockReturnValueOnce(
      Prisma.sql`turn_conversation AS (SELECT 1), turn_messages AS (SELECT ledger_fail('disk full') AS id FROM placed)`,
    );
    const response = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: "internal" } });
    await expectNothingLeft(userId, before.available);
  });

  it("a conversation gone since its history was read answers 404 and leaves nothing", async () => {
    const userId = await newUser();
    const before = await getBalance(p, { kind: "user", userId });
    vi.spyOn(history, "loadHistory").mockResolvedValueOnce([]);
    const response = await chatPOST(
      chatRequest({ model: "fake-model", message: "hi", conversationId: randomUUID() }),
      ctx(),
    );
    expect(response.status).toBe(404);
    await expectNothingLeft(userId, before.available);
  });

  async function expectNothingLeft(userId: string, available: bigint) {
    const after = await getBalance(p, { kind: "user", userId });
    expect({ available: after.available, pending: after.pending }).toEqual({ available, pending: 0n });
    expect(await p.ledgerHold.count({ where: { accountId: after.accountId, status: "open" } })).toBe(0);
    expect(await p.message.count({ where: { conversation: { userId } } })).toBe(0);
    expect(await p.conversation.count({ where: { userId } })).toBe(0);
    expect(await p.chatStreamSlot.count({ where: { ownerKey: `u:${userId}` } })).toBe(0);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  }

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
