// The admission statement re-reads the key: a principal authenticated before a change (a request in
// flight, or any in-process copy of the key) cannot outlive a revocation, a narrower scope or model
// list, or a lower budget. And the account's concurrent streams are one pool for chat and the API:
// a plan's limit cannot be doubled by using both.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { admitApiRequest } from "@/lib/api/admit";
import { authenticateKey } from "@/lib/api/authenticate";
import { revokeKey, updateKey } from "@/lib/api/keys";
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import { admitTurn } from "@/lib/chat/admit";
import { findConfiguredModel } from "@/lib/chat/catalog";
import { loadChatAccess } from "@/lib/chat/limits";
import { isAppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
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

describe("the key is re-checked live at admission", () => {
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

  const entry = (id = "fake-model") => {
    const e = findConfiguredModel(id);
    if (!e) throw new Error(`${id} is not configured`);
    return e;
  };
  const admit = (principal: ApiKeyPrincipal, model = "fake-model") =>
    admitApiRequest(p, {
      principal,
      entry: entry(model),
      messages: [{ role: "user", content: "hello" }],
      maxOutputTokens: 16,
      requestId: randomUUID(),
      stream: true,
      at: new Date(),
    });
  const outcome = (call: Promise<unknown>) =>
    call.then(
      () => "admitted",
      (e: unknown) => {
        if (!isAppError(e)) throw e;
        return `${e.code} ${(e.details as { reason?: string } | undefined)?.reason ?? ""}`.trim();
      },
    );

  async function owner(plan: "pro" | "max" = "max") {
    const userId = await createUser(p, { plan });
    await grant(p, { kind: "user", userId }, 10_000_000n);
    return userId;
  }

  it("revoked during 20 concurrent requests: none admitted after the revocation, counters exact", async () => {
    const userId = await owner();
    const key = await newKey(p, userId);
    // Authenticated once, before the revocation: what a cache of the key would hold.
    const principal = await authenticateKey(p, `Bearer ${key.secret}`);
    const before = Array.from({ length: 10 }, () => outcome(admit(principal)));
    const revoked = (async () => {
      await before[0];
      await revokeKey(p, { userId }, key.id);
    })();
    await revoked;
    const after = await Promise.all(Array.from({ length: 10 }, () => outcome(admit(principal))));
    const early = await Promise.all(before);
    // Admissions that began after the revocation committed are all refused by the statement itself.
    expect(after).toEqual(Array(10).fill("unauthorized invalid_api_key"));
    expect(early[0]).toBe("admitted");
    for (const o of early)
      expect(["admitted", "unauthorized invalid_api_key", "rate_limited concurrent_requests"]).toContain(o);
    const admitted = early.filter((o) => o === "admitted").length;
    const rows = await p.apiRequest.findMany({ where: { keyId: key.id } });
    expect(rows).toHaveLength(admitted);
    const holds = await p.ledgerHold.findMany({
      where: { status: "open", key: { in: rows.map((r) => `api:${r.id}`) } },
    });
    expect(holds).toHaveLength(admitted);
    const held = holds.reduce((s, h) => s + h.amount, 0n);
    const row = await p.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.reservedPt).toBe(held);
    expect((await getBalance(p, { kind: "user", userId })).pending).toBe(held);
  });

  it("a revoked key is told so (401) even while every slot of its account is busy, not to retry", async () => {
    const userId = await owner("pro");
    const other = await authenticateKey(p, `Bearer ${(await newKey(p, userId)).secret}`);
    const key = await newKey(p, userId);
    const principal = await authenticateKey(p, `Bearer ${key.secret}`);
    // The pro plan's 3 concurrent streams, all taken by the account's other key.
    for (let i = 0; i < 3; i++) expect(await outcome(admit(other))).toBe("admitted");
    expect(await outcome(admit(principal))).toBe("rate_limited concurrent_requests");
    await revokeKey(p, { userId }, key.id);
    expect(await outcome(admit(principal))).toBe("unauthorized invalid_api_key");
    // A usable key still gets the wait: its account is busy, nothing is wrong with the key.
    expect(await outcome(admit(other))).toBe("rate_limited concurrent_requests");
  });

  it("a narrower scope, model list or budget applies to a principal read before the change", async () => {
    const userId = await owner();
    const key = await newKey(p, userId);
    const principal = await authenticateKey(p, `Bearer ${key.secret}`);
    await updateKey(p, { userId }, key.id, { scopes: ["usage:read"] });
    expect(await outcome(admit(principal))).toBe("forbidden insufficient_scope");
    await updateKey(p, { userId }, key.id, { scopes: ["chat"], models: ["fake-stall"] });
    expect(await outcome(admit(principal))).toBe("not_found model_not_found");
    await updateKey(p, { userId }, key.id, { models: [], budgetPt: 1n });
    expect(await outcome(admit(principal))).toBe("pt_exhausted key_budget");
    await updateKey(p, { userId }, key.id, { budgetPt: null });
    expect(await outcome(admit(principal))).toBe("admitted");
    expect(await p.apiRequest.count({ where: { keyId: key.id } })).toBe(1);
  });

  it("chat and the API share the account's concurrent streams (pro: 3 in all)", async () => {
    const userId = await owner("pro");
    const a = await authenticateKey(p, `Bearer ${(await newKey(p, userId)).secret}`);
    const b = await authenticateKey(p, `Bearer ${(await newKey(p, userId)).secret}`);
    expect(await outcome(admit(a))).toBe("admitted");
    expect(await outcome(admit(b))).toBe("admitted");
    const access = await loadChatAccess(p, {
      ...a,
      kind: "user",
      role: "USER",
      status: "active",
      twoFactorEnabled: false,
      emailVerified: true,
    });
    const turn = () =>
      outcome(
        admitTurn(p, {
          entry: entry(),
          owner: { kind: "user", userId },
          access,
          messageId: randomUUID(),
          newConversationId: randomUUID(),
          message: "hi",
          maxOutputTokens: 16,
          at: new Date(),
        }),
      );
    expect(await turn()).toBe("admitted");
    // Three streams run: neither surface may open a fourth.
    expect(await turn()).toBe("rate_limited concurrent_streams");
    expect(await outcome(admit(a))).toBe("rate_limited concurrent_requests");
  });

  it("a key's own lower limit holds within the account's pool", async () => {
    const userId = await owner("max");
    const key = await newKey(p, userId, { concurrentRequests: 1 });
    const other = await authenticateKey(p, `Bearer ${(await newKey(p, userId)).secret}`);
    const principal = await authenticateKey(p, `Bearer ${key.secret}`);
    const results = await Promise.all(Array.from({ length: 6 }, () => outcome(admit(principal))));
    expect(results.filter((r) => r === "admitted")).toHaveLength(1);
    for (const r of results.filter((r) => r !== "admitted"))
      expect(r).toBe("rate_limited concurrent_requests");
    // The key's refusals gave back the account slots they took: another key still gets the other 5.
    const others = await Promise.all(Array.from({ length: 6 }, () => outcome(admit(other))));
    expect(others.filter((r) => r === "admitted")).toHaveLength(5);
  });
});
