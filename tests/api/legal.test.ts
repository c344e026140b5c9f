// /v1 asks what chat asks: a key whose owner has not accepted the Terms and Privacy Policy in force
// is refused with 403 in OpenAI's error shape (type permission_error, code legal_acceptance_required,
// the pending documents in details), which the official `openai` package raises as
// PermissionDeniedError, streaming or not — nothing held or charged, the refusal recorded. Once the
// owner accepts (as the app's dialog does), the same key is served. Reading models and usage stays
// open, as reading conversations does in the app.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flushRefusals } from "@/lib/api/refusals";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { acceptDocuments } from "@/lib/legal/acceptances";
import { requiredVersions } from "@/lib/legal/versions";
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

describe("/v1 and the legal documents in force", () => {
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

  const ask = {
    model: "fake-model",
    messages: [{ role: "user" as const, content: "Hello" }],
    max_tokens: 50,
  };

  it("refuses an owner who has not accepted (403 legal_acceptance_required), then serves once accepted", async () => {
    const userId = await createUser(p, { plan: "max", acceptLegal: false });
    await grant(p, { kind: "user", userId }, 1_000_000n);
    const key = await newKey(p, userId);
    const client = new OpenAI({ apiKey: key.secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    const before = await getBalance(p, { kind: "user", userId });
    const calls = fake.requests.length;

    for (const stream of [false, true]) {
      const error = await client.chat.completions.create({ ...ask, stream }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
      const denied = error as InstanceType<typeof OpenAI.PermissionDeniedError>;
      expect(denied.status).toBe(403);
      expect(denied.code).toBe("legal_acceptance_required");
      expect(denied.type).toBe("permission_error");
      expect(denied.message).toMatch(/has not accepted the current/);
      const details = (denied.error as { details?: { documents?: { id: string; version: string }[] } })
        .details;
      expect(details?.documents?.map((d) => d.id).sort()).toEqual(
        (await requiredVersions(p)).map((d) => d.id).sort(),
      );
    }
    // Nothing reached the provider, nothing was held or charged; both refusals are recorded.
    expect(fake.requests.length).toBe(calls);
    expect(await getBalance(p, { kind: "user", userId })).toEqual(before);
    await flushRefusals(p);
    const refused = await p.apiRequest.findMany({ where: { keyId: key.id, status: "refused" } });
    expect(refused.map((r) => [r.httpStatus, r.errorCode])).toEqual([
      [403, "legal_acceptance_required"],
      [403, "legal_acceptance_required"],
    ]);

    // Reading stays open: the models this key may use.
    expect((await client.models.list()).data.length).toBeGreaterThan(0);

    // The owner accepts in the app (the accept dialog's call): the same key is served at once.
    const docs = (await requiredVersions(p)).map((d) => ({ id: d.id, version: d.version }));
    await acceptDocuments(p, { userId, documents: docs, ip: "127.0.0.1" });
    const res = await client.chat.completions.create(ask);
    expect(res.object).toBe("chat.completion");
    expect((await getBalance(p, { kind: "user", userId })).available).toBeLessThan(before.available);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });
});
