// Property (fast-check): any sequence of API admissions on two keys (one with a lifetime budget,
// one with its own concurrency limit of 1), chat turns, settlements, budget changes and a
// revocation, with every admission using a principal authenticated at the start (what any copy of
// the key in memory would hold), keeps after every step:
//  - each key's spent and reserved PT equal to its settled and open holds (the nightly check finds nothing);
//  - the ledger's invariants; no key's spend + reservation above its budget at admission time;
//  - the account's concurrent slots at most the plan's, chat and API together; key B's at most 1;
//  - nothing admitted on a revoked key.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ApiAdmission } from "@/lib/api/admit";
import { admitApiRequest } from "@/lib/api/admit";
import { authenticateKey } from "@/lib/api/authenticate";
import { revokeKey, updateKey } from "@/lib/api/keys";
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import { settleApiRequest } from "@/lib/api/settle";
import type { Admission } from "@/lib/chat/admit";
import { admitTurn } from "@/lib/chat/admit";
import { findConfiguredModel } from "@/lib/chat/catalog";
import { loadChatAccess } from "@/lib/chat/limits";
import { settleMessage } from "@/lib/chat/settle";
import { isAppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { apiKeyIssues } from "@/lib/reconciliation/api-keys";
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

type Op =
  | { kind: "api"; key: "a" | "b" }
  | { kind: "chat" }
  | { kind: "settle"; pick: number; words: number }
  | { kind: "budget"; pt: number }
  | { kind: "revoke" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("api" as const),
      key: fc.constantFrom("a" as const, "b" as const),
    }),
  },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: "chat" }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("settle" as const), pick: fc.nat(10), words: fc.nat(6) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("budget" as const), pt: fc.integer({ min: 0, max: 400 }) }),
  },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "revoke" }) },
);

describe("API and chat metering under any sequence", () => {
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

  it("keeps key counters, slots, budgets and the ledger exact after every step", async () => {
    const entry = findConfiguredModel("fake-model");
    if (!entry) throw new Error("fake-model is not configured");
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 14 }), async (ops) => {
        const userId = await createUser(p, { plan: "pro" });
        await grant(p, { kind: "user", userId }, 1_000_000n);
        const a = await newKey(p, userId, { budgetPt: 300n });
        const b = await newKey(p, userId, { concurrentRequests: 1 });
        const principals: Record<"a" | "b", ApiKeyPrincipal> = {
          a: await authenticateKey(p, `Bearer ${a.secret}`),
          b: await authenticateKey(p, `Bearer ${b.secret}`),
        };
        const access = await loadChatAccess(p, {
          kind: "user",
          userId,
          role: "USER",
          status: "active",
          twoFactorEnabled: false,
          emailVerified: true,
        });
        const open: (
          | { api: ApiAdmission & { requestId: string; keyId: string } }
          | { chat: Admission & { messageId: string } }
        )[] = [];
        let revoked = false;
        for (const op of ops) {
          if (op.kind === "api") {
            const requestId = randomUUID();
            const keyId = op.key === "a" ? a.id : b.id;
            try {
              const admitted = await admitApiRequest(p, {
                principal: principals[op.key],
                entry,
                messages: [{ role: "user", content: "hi" }],
                maxOutputTokens: 16,
                requestId,
                stream: true,
                at: new Date(),
              });
              expect(revoked && op.key === "a").toBe(false);
              open.push({ api: { ...admitted, requestId, keyId } });
              if (op.key === "a") {
                const k = await p.apiKey.findUniqueOrThrow({ where: { id: a.id } });
                if (k.budgetPt !== null) expect(k.spentPt + k.reservedPt).toBeLessThanOrEqual(k.budgetPt);
              }
            } catch (error) {
              if (!isAppError(error)) throw error;
              expect(["rate_limited", "pt_exhausted", "unauthorized"]).toContain(error.code);
            }
          } else if (op.kind === "chat") {
            const messageId = randomUUID();
            try {
              const admitted = await admitTurn(p, {
                entry,
                owner: { kind: "user", userId },
                access,
                messageId,
                newConversationId: randomUUID(),
                message: "hi",
                maxOutputTokens: 16,
                at: new Date(),
              });
              open.push({ chat: { ...admitted, messageId } });
            } catch (error) {
              if (!isAppError(error) || error.code !== "rate_limited") throw error;
            }
          } else if (op.kind === "settle" && open.length > 0) {
            const [item] = open.splice(op.pick % open.length, 1);
            const text = "word ".repeat(op.words);
            if (item && "api" in item) {
              const x = item.api;
              await settleApiRequest(p, {
                requestId: x.requestId,
                keyId: x.keyId,
                holdId: x.hold.holdId,
                holdAmount: x.hold.amount,
                slotKeys: x.slotKeys,
                model: "fake-model",
                price: x.price,
                outcome: op.words % 2 === 0 ? "complete" : "aborted",
                text,
                promptTokens: x.promptTokens,
                startedAt: performance.now(),
              });
            } else if (item && "chat" in item) {
              const x = item.chat;
              await settleMessage(p, {
                messageId: x.messageId,
                holdId: x.hold.holdId,
                account: { kind: "user", userId },
                model: "fake-model",
                price: x.price,
                outcome: "complete",
                text,
                promptTokens: x.promptTokens,
                slotOwnerKey: `u:${userId}`,
              });
            }
          } else if (op.kind === "budget" && !revoked) {
            await updateKey(p, { userId }, a.id, { budgetPt: BigInt(op.pt) });
          } else if (op.kind === "revoke" && !revoked) {
            await revokeKey(p, { userId }, a.id);
            revoked = true;
          }
          // The invariants, after every step.
          expect(await apiKeyIssues(p)).toEqual([]);
          const slots = await p.chatStreamSlot.groupBy({ by: ["ownerKey"], _count: true });
          for (const s of slots) {
            if (s.ownerKey === `u:${userId}`) expect(s._count).toBeLessThanOrEqual(3);
            if (s.ownerKey === `k:${b.id}`) expect(s._count).toBeLessThanOrEqual(1);
          }
          const openSlots = await p.chatStreamSlot.count({ where: { ownerKey: `u:${userId}` } });
          expect(openSlots).toBe(open.length);
        }
        expect(await checkLedgerInvariants(p)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});
