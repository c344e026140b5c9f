// A crashed /v1 request (admitted, never settled) must not keep its key's budget reserved forever:
// when the hold sweeper expires its hold, the key's reservation for it is released in the same
// statement, exactly once (a second sweep, or a settle racing the sweep, never releases it again).
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ApiAdmission } from "@/lib/api/admit";
import { admitApiRequest } from "@/lib/api/admit";
import { authenticateKey } from "@/lib/api/authenticate";
import { settleApiRequest } from "@/lib/api/settle";
import { findConfiguredModel } from "@/lib/chat/catalog";
import { jobHandler } from "@/lib/cron/jobs";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
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

const MESSAGES = [{ role: "user" as const, content: "Crash after this" }];
const LATER = new Date(Date.now() + 3_600_000);

describe("expired API holds release the key's reservation", () => {
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

  async function setup(budgetPt?: bigint) {
    const userId = await createUser(p, { plan: "max" });
    await grant(p, { kind: "user", userId }, 1_000_000n);
    const key = await newKey(p, userId, { budgetPt });
    const principal = await authenticateKey(p, `Bearer ${key.secret}`);
    const entry = findConfiguredModel("fake-model");
    if (!entry) throw new Error("fake-model is not configured");
    const admit = () =>
      admitApiRequest(p, {
        principal,
        entry,
        messages: MESSAGES,
        maxOutputTokens: 16,
        requestId: randomUUID(),
        stream: true,
        at: new Date(),
      });
    return { userId, key, principal, admit };
  }

  const sweep = () =>
    jobHandler("hold-sweep")?.({ db: p, now: LATER, runKey: randomUUID(), target: "t", attempt: 1 });

  const keyRow = (id: string) =>
    p.apiKey.findUniqueOrThrow({ where: { id }, select: { reservedPt: true, spentPt: true } });

  it("frees the key's budget once the sweeper expires a crashed request's hold", async () => {
    const first = await setup();
    const probe = await first.admit();
    const hold = probe.hold.amount;
    // A budget that covers exactly one request.
    const { key, userId, admit } = await setup(hold);
    const crashed = await admit();
    await expect(admit()).rejects.toMatchObject({ code: "pt_exhausted" });
    expect((await keyRow(key.id)).reservedPt).toBe(hold);

    await sweep();
    expect(await keyRow(key.id)).toEqual({ reservedPt: 0n, spentPt: 0n });
    const request = await p.apiRequest.findFirstOrThrow({ where: { holdId: crashed.hold.holdId } });
    expect(request.status).toBe("expired");
    expect(request.ptCharged).toBe(0n);
    expect((await getBalance(p, { kind: "user", userId })).pending).toBe(0n);

    // Exactly once: a second sweep changes nothing, and the budget serves one request again.
    await sweep();
    expect((await keyRow(key.id)).reservedPt).toBe(0n);
    await admit();
    expect((await keyRow(key.id)).reservedPt).toBe(hold);
    // The probe's and this hold: sweep them so the invariants see no stale holds.
    await sweep();
    expect((await keyRow(key.id)).reservedPt).toBe(0n);
    expect(await checkLedgerInvariants(p, { now: LATER })).toEqual([]);
  });

  it("a settle racing the sweep: each hold is released from the key exactly once", async () => {
    const { key, admit } = await setup();
    const admissions: ApiAdmission[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const a = await admit();
      admissions.push(a);
      const row = await p.apiRequest.findFirstOrThrow({ where: { holdId: a.hold.holdId } });
      ids.push(row.id);
    }
    const settles = admissions.map((a, i) =>
      settleApiRequest(p, {
        requestId: ids[i] as string,
        keyId: key.id,
        holdId: a.hold.holdId,
        holdAmount: a.hold.amount,
        slotKeys: a.slotKeys,
        model: "fake-model",
        price: a.price,
        outcome: "complete",
        text: "some reply",
        usage: { inputTokens: 3, outputTokens: 2 },
        promptTokens: a.promptTokens,
        startedAt: performance.now(),
      }).then(
        (s) => s.ptCharged,
        () => 0n, // the sweeper expired this hold first: nothing to charge
      ),
    );
    const [charged] = await Promise.all([Promise.all(settles), sweep(), sweep()]);
    const total = charged.reduce((a, b) => a + b, 0n);
    expect(await keyRow(key.id)).toEqual({ reservedPt: 0n, spentPt: total });
    const statuses = await p.apiRequest.findMany({ where: { keyId: key.id }, select: { status: true } });
    expect(statuses.every((r) => r.status === "complete" || r.status === "expired")).toBe(true);
  });

  it("property: over any sequence of admissions, settles and sweeps, the key's counters equal its requests", async () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant("admit" as const) }),
      fc.record({ t: fc.constant("settle" as const), i: fc.nat(), out: fc.nat({ max: 40 }) }),
      fc.record({ t: fc.constant("crash-sweep" as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const { key, admit } = await setup();
        const open: { a: ApiAdmission; id: string }[] = [];
        for (const o of ops) {
          if (o.t === "admit") {
            // At most the plan's slots at once: a seventh would be a 429, not a state to model.
            if (open.length >= 6) continue;
            const a = await admit();
            const row = await p.apiRequest.findFirstOrThrow({ where: { holdId: a.hold.holdId } });
            open.push({ a, id: row.id });
          } else if (o.t === "settle") {
            const [x] = open.splice(o.i % Math.max(open.length, 1), 1);
            if (!x) continue;
            await settleApiRequest(p, {
              requestId: x.id,
              keyId: key.id,
              holdId: x.a.hold.holdId,
              holdAmount: x.a.hold.amount,
              slotKeys: x.a.slotKeys,
              model: "fake-model",
              price: x.a.price,
              outcome: "complete",
              text: "x".repeat(o.out),
              usage: { inputTokens: 3, outputTokens: o.out },
              promptTokens: x.a.promptTokens,
              startedAt: performance.now(),
            });
          } else {
            // Every open request's process "dies": the sweeper expires their holds.
            // Their stream slots die with them (the account's pool, shared with chat since the
            // API took slots from it; the key's own only under a narrower key limit).
            await sweep();
            const slotKeys = [...new Set(open.flatMap((x) => x.a.slotKeys))];
            await p.chatStreamSlot.deleteMany({ where: { ownerKey: { in: slotKeys } } });
            open.length = 0;
          }
          const [k, requests] = await Promise.all([
            keyRow(key.id),
            p.apiRequest.findMany({
              where: { keyId: key.id },
              select: { status: true, ptReserved: true, ptCharged: true },
            }),
          ]);
          const reserved = requests
            .filter((r) => r.status === "streaming")
            .reduce((s, r) => s + r.ptReserved, 0n);
          const spent = requests.reduce((s, r) => s + (r.ptCharged ?? 0n), 0n);
          expect(k).toEqual({ reservedPt: reserved, spentPt: spent });
          expect(requests.filter((r) => r.status === "streaming")).toHaveLength(open.length);
        }
      }),
      { numRuns: 15, endOnFailure: true },
    );
  }, 300_000);
});
