// A key paused by an account deletion scheduled between its authentication and its admission (a
// request in flight as the owner asks to delete the account) is refused by the admission statement
// itself: no hold, no request row, the balance untouched; cancelling the deletion un-pauses it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { admitApiRequest } from "@/lib/api/admit";
import { authenticateKey } from "@/lib/api/authenticate";
import { findConfiguredModel } from "@/lib/chat/catalog";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { cancelScheduledDeletion } from "@/lib/privacy/cancel-deletion";
import { scheduleDeletion } from "@/lib/privacy/request-deletion";
import { createUser, grant, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { newKey } from "./helpers";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

describe("a key paused by a pending account deletion", () => {
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

  it("is refused at admission, holding nothing, and admitted again once the deletion is cancelled", async () => {
    const userId = await createUser(p, { plan: "max" });
    await grant(p, { kind: "user", userId }, 1_000_000n);
    const key = await newKey(p, userId);
    const principal = await authenticateKey(p, `Bearer ${key.secret}`);
    const entry = findConfiguredModel("fake-model");
    if (!entry) throw new Error("fake-model is not configured");
    const admit = () =>
      admitApiRequest(p, {
        principal,
        entry,
        messages: [{ role: "user", content: "hello" }],
        maxOutputTokens: 16,
        requestId: randomUUID(),
        stream: true,
        at: new Date(),
      });

    await scheduleDeletion(p, { userId });
    await expect(admit()).rejects.toMatchObject({
      code: "forbidden",
      details: { reason: "account_deletion_pending" },
    });
    expect(await p.apiRequest.count({ where: { keyId: key.id } })).toBe(0);
    expect((await getBalance(p, { kind: "user", userId })).pending).toBe(0n);

    expect(await cancelScheduledDeletion(p, userId)).toBe(true);
    const admitted = await admit();
    expect(admitted.hold.amount).toBeGreaterThan(0n);
  });
});
