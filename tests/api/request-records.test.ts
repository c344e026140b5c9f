// Every /v1/chat/completions request whose key is known is recorded, the refused ones too (401 for a
// revoked key, 403 scope, 404 model, 402 balance or budget, 429 rate limit, 400 body): status
// "refused" with the HTTP status and OpenAI's code, nothing held or charged. A served request is
// recorded with its usage per dimension (reasoning tokens apart from the rest of the output), and
// charged the price table on every dimension, as a chat turn is.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flushRefusals } from "@/lib/api/refusals";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { addPrice, costOf, getPrice } from "@/lib/pricing/prices";
import { createUser, FAKE_PRICE, grant, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { APP, appFetch, newKey } from "./helpers";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const HI = [{ role: "user" as const, content: "hi" }];

describe("/v1 request records", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
    // A model that thinks: its reasoning tokens are priced apart from the rest of its output.
    fake.setBehavior("fake-pro", { reasoningTokens: 40 });
    await addPrice(p, {
      provider: "compatible",
      model: "fake-pro",
      ...FAKE_PRICE,
      ptPerMReasoning: 5_000_000n,
      costMicroUsdPerMReasoning: 3_000_000n,
      tier: "pro",
      effectiveFrom: new Date(Date.now() - 60_000),
    });
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  const client = (secret: string) =>
    new OpenAI({ apiKey: secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });

  async function refusal(call: Promise<unknown>) {
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const e = error as InstanceType<typeof OpenAI.APIError>;
    return `${e.status} ${e.code}`;
  }

  it("records each refusal after the key is known, with its status and code, holding nothing", async () => {
    const userId = await createUser(p, { plan: "max" });
    await grant(p, { kind: "user", userId }, 1_000_000n);
    const key = await newKey(p, userId);
    const c = client(key.secret);
    expect(await refusal(c.chat.completions.create({ model: "no-such-model", messages: HI }))).toBe(
      "404 model_not_found",
    );
    expect(
      await refusal(c.chat.completions.create({ model: "fake-model", messages: [], max_tokens: -1 })),
    ).toBe("400 validation_failed");
    const readOnly = await newKey(p, userId, { scopes: ["usage:read"] });
    expect(
      await refusal(client(readOnly.secret).chat.completions.create({ model: "fake-model", messages: HI })),
    ).toBe("403 insufficient_scope");
    const small = await newKey(p, userId, { budgetPt: 1n });
    expect(
      await refusal(client(small.secret).chat.completions.create({ model: "fake-model", messages: HI })),
    ).toBe("402 insufficient_quota");
    const slow = await newKey(p, userId, { requestsPerMinute: 1 });
    await client(slow.secret).chat.completions.create({ model: "fake-model", messages: HI, max_tokens: 8 });
    expect(
      await refusal(client(slow.secret).chat.completions.create({ model: "fake-model", messages: HI })),
    ).toBe("429 rate_limit_exceeded");
    const revoked = await newKey(p, userId);
    await p.apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    expect(
      await refusal(client(revoked.secret).chat.completions.create({ model: "fake-model", messages: HI })),
    ).toBe("401 invalid_api_key");
    // An unknown key belongs to no one: nothing to record it against.
    expect(
      await refusal(client("lc_test_unknown").chat.completions.create({ model: "fake-model", messages: HI })),
    ).toBe("401 invalid_api_key");

    // Written off the requests' path, in batches (the timer may have written some already).
    await flushRefusals(p);
    const rows = await p.apiRequest.findMany({ where: { userId, status: "refused" } });
    const seen = rows.map(
      (r) => `${r.keyId === key.id ? "key" : r.keyId} ${r.httpStatus} ${r.errorCode} ${r.model}`,
    );
    expect(seen.sort()).toEqual(
      [
        `key 404 model_not_found no-such-model`,
        `key 400 validation_failed fake-model`,
        `${readOnly.id} 403 insufficient_scope fake-model`,
        `${small.id} 402 insufficient_quota fake-model`,
        // Authentication and the key's rate limit answer before the body is read: no model.
        `${slow.id} 429 rate_limit_exceeded null`,
        `${revoked.id} 401 invalid_api_key null`,
      ].sort(),
    );
    for (const r of rows) {
      expect(r).toMatchObject({ holdId: null, ptReserved: 0n, ptCharged: 0n });
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
      expect(r.settledAt).not.toBeNull();
    }
    expect(await p.apiRequest.count({ where: { userId, status: "complete" } })).toBe(1);
    const balance = await getBalance(p, { kind: "user", userId });
    expect(balance.pending).toBe(0n);
    // The key's usage counts the requests it was served, not its refusals.
    const usage = (await (
      await appFetch(`${APP}/v1/usage`, { headers: { authorization: `Bearer ${key.secret}` } })
    ).json()) as { key: { requests: number } };
    expect(usage.key.requests).toBe(0);
  });

  it("writes a refusal by itself, within the batch interval", async () => {
    const userId = await createUser(p, { plan: "max" });
    const key = await newKey(p, userId, { scopes: ["usage:read"] });
    expect(
      await refusal(client(key.secret).chat.completions.create({ model: "fake-model", messages: HI })),
    ).toBe("403 insufficient_scope");
    let rows = 0;
    for (let i = 0; i < 200 && rows === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      rows = await p.apiRequest.count({ where: { keyId: key.id, status: "refused" } });
    }
    expect(rows).toBe(1);
  });

  it("records the usage per dimension and charges reasoning at its own rate", async () => {
    const userId = await createUser(p, { plan: "max" });
    await grant(p, { kind: "user", userId }, 10_000_000n);
    const key = await newKey(p, userId);
    const res = await client(key.secret).chat.completions.create({ model: "fake-pro", messages: HI });
    const row = await p.apiRequest.findFirstOrThrow({ where: { keyId: key.id } });
    expect(row.status).toBe("complete");
    expect(row.reasoningTokens).toBe(40);
    expect(row.outputTokens).toBe(res.usage?.completion_tokens);
    expect(row.httpStatus).toBe(200);
    const price = await getPrice(p, { model: "fake-pro" });
    const charge = costOf(price, {
      inputTokens: row.inputTokens ?? 0,
      outputTokens: row.outputTokens ?? 0,
      reasoningTokens: 40,
    });
    expect(row.ptCharged).toBe(charge.pt);
    expect(row.providerCostMicroUsd).toBe(charge.providerCostMicroUsd);
    const hold = await p.ledgerHold.findFirstOrThrow({ where: { key: `api:${row.id}` } });
    expect(hold.charged).toBe(charge.pt);
  });
});
