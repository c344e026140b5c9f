// The hard stop at 100 % of the monthly budget, enforced by admission's one statement: the month's
// usage + every open hold + this request's worst case may not pass the budget. Refused with 402
// budget_exceeded (chat: the app's error JSON; /v1: OpenAI's shape, which the openai SDK raises),
// leaving nothing held; exact under concurrent admissions; and, over random sequences of
// admissions, settles and releases (fast-check), the counter, the alerts and the stop stay right.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flushRefusals } from "@/lib/api/refusals";
import { setBudget } from "@/lib/budgets/budgets";
import { BUDGET_THRESHOLDS } from "@/lib/budgets/settle-alerts";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { release } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { admitMetered } from "@/lib/metering/admit";
import { APP, appFetch, newKey } from "@/tests/api/helpers";
import { chatRequest, ctx, readAll, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { alertRows, charge, expectMonthCounterExact, newUserWithPt, type UserAccount } from "./helpers";

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

/** One admission through the shared metered path, as chat and /v1 make it. */
function admit(p: PrismaClient, account: UserAccount, amount: bigint) {
  const id = randomUUID();
  return admitMetered(p, {
    reservation: { account, amount, key: `t:${id}`, ttlSeconds: 600 },
    slot: { ownerKey: `u:${account.userId}`, limit: 200, requestId: id },
    dailyPtCap: 10n ** 15n,
    at: new Date(),
    busy: () => new AppError("rate_limited"),
    duplicate: () => new AppError("conflict"),
  });
}

describe("the monthly budget's hard stop", () => {
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
    await fake?.close();
    await db?.cleanup();
  });

  async function owner(budget: bigint, hardStop: boolean) {
    const user = await newUserWithPt(p, 1_000_000n);
    await p.user.update({ where: { id: user.userId }, data: { plan: "pro" } });
    state.principal = { kind: "user", userId: user.userId, emailVerified: true };
    await setBudget(p, user, { amountPt: budget, hardStop });
    return user;
  }

  it("chat: a turn whose worst case could pass the budget is refused with 402 budget_exceeded", async () => {
    const user = await owner(1_000_000n, true);
    const turn = await readAll(await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx()));
    expect(turn.text.length).toBeGreaterThan(0);
    const spent = (await p.ledgerAccount.findFirstOrThrow({ where: { ownerId: user.userId } })).monthSpentPt;
    expect(spent).toBeGreaterThan(0n);
    // Room for one more PT this month: any turn's worst case is more.
    await setBudget(p, user, { amountPt: spent + 1n, hardStop: true });
    const refused = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(refused.status).toBe(402);
    const body = (await refused.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error).toMatchObject({
      code: "budget_exceeded",
      details: { reason: "monthly_budget", budgetPt: (spent + 1n).toString(), spentPt: spent.toString() },
    });
    expect(body.error.message).toMatch(/over your monthly budget of [\d,]+ PT \(\$0\.0\d+\)/);
    expect(await getBalance(p, user)).toMatchObject({ pending: 0n });
    expect(await p.chatStreamSlot.count({ where: { ownerKey: { contains: user.userId } } })).toBe(0);
    // Without the hard stop the same turn runs (the budget only alerts).
    await setBudget(p, user, { amountPt: spent + 1n, hardStop: false });
    const allowed = await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx());
    expect(allowed.status).toBe(200);
    await readAll(allowed);
    expect((await alertRows(p, user.userId)).alerts.map((a) => a.threshold)).toEqual([50, 80, 100]);
  });

  it("/v1: the refusal is OpenAI's error shape (402, code budget_exceeded), nothing is held, and it is recorded as a refusal", async () => {
    const user = await owner(1n, true);
    const key = await newKey(p, user.userId);
    const client = new OpenAI({ apiKey: key.secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: "fake-model", messages: [{ role: "user", content: "hi" }] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 402, code: "budget_exceeded", type: "insufficient_quota" });
    expect((error as Error).message).toMatch(/monthly budget of 1 PT/);
    expect(await p.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({
      reservedPt: 0n,
      spentPt: 0n,
    });
    await flushRefusals(p);
    const rows = await p.apiRequest.findMany({ where: { keyId: key.id } });
    expect(rows.map((r) => `${r.status} ${r.httpStatus} ${r.errorCode} ${r.ptCharged}`)).toEqual([
      "refused 402 budget_exceeded 0",
    ]);
    expect(await getBalance(p, user)).toMatchObject({ pending: 0n });
  });

  it("concurrent admissions together never pass the budget", async () => {
    const user = await newUserWithPt(p, 1_000_000n);
    await setBudget(p, user, { amountPt: 1_000n, hardStop: true });
    await charge(p, user, 150n);
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => admit(p, user, 100n)));
    const admitted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    // 150 used: room for 850, so 8 holds of 100.
    expect(admitted).toHaveLength(8);
    expect(refused.every((r) => (r.reason as AppError).code === "budget_exceeded")).toBe(true);
    expect(await getBalance(p, user)).toMatchObject({ pending: 800n });
    // Settled below their worst case, the freed room admits again, exactly up to the budget.
    for (const r of admitted)
      if (r.status === "fulfilled") await settle(p, { holdId: r.value.hold.holdId, actual: 50n });
    const again = await Promise.allSettled(Array.from({ length: 30 }, () => admit(p, user, 100n)));
    expect(again.filter((r) => r.status === "fulfilled")).toHaveLength(4); // 550 used + 4·100 ≤ 1000
    expect(await expectMonthCounterExact(p, user.userId)).toBe(550n);
  });

  it("random sequences keep the counter exact, the stop unbroken and the alerts right", async () => {
    type Op =
      | { t: "admit"; amount: number }
      | { t: "settle"; hold: number; pct: number }
      | { t: "release"; hold: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ t: fc.constant("admit" as const), amount: fc.integer({ min: 1, max: 400 }) }),
      fc.record({
        t: fc.constant("settle" as const),
        hold: fc.nat(20),
        pct: fc.integer({ min: 0, max: 100 }),
      }),
      fc.record({ t: fc.constant("release" as const), hold: fc.nat(20) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 50, max: 2_000 }),
        fc.boolean(),
        fc.array(opArb, { minLength: 4, maxLength: 18 }),
        async (budgetPt, hardStop, ops) => {
          const budget = BigInt(budgetPt);
          const user = await newUserWithPt(p, 100_000n);
          await setBudget(p, user, { amountPt: budget, hardStop });
          const open: { holdId: string; amount: bigint }[] = [];
          let spent = 0n;
          let pending = 0n;
          for (const op of ops) {
            if (op.t === "admit") {
              const amount = BigInt(op.amount);
              const result = await admit(p, user, amount).catch((e: unknown) => e);
              if (hardStop && spent + pending + amount > budget) {
                expect(result).toMatchObject({ code: "budget_exceeded" });
              } else {
                expect(result).toMatchObject({ hold: { amount } });
                open.push({ holdId: (result as { hold: { holdId: string } }).hold.holdId, amount });
                pending += amount;
              }
            } else {
              const hold = open.splice(op.hold % Math.max(open.length, 1), 1)[0];
              if (!hold) continue;
              pending -= hold.amount;
              if (op.t === "release") await release(p, { holdId: hold.holdId });
              else {
                const actual = (hold.amount * BigInt(op.pct)) / 100n;
                await settle(p, { holdId: hold.holdId, actual });
                spent += actual;
              }
            }
            if (hardStop) expect(spent + pending).toBeLessThanOrEqual(budget);
          }
          expect(await expectMonthCounterExact(p, user.userId)).toBe(spent);
          expect(await getBalance(p, user)).toMatchObject({ pending });
          const reached = BUDGET_THRESHOLDS.filter((t) => spent * 100n >= BigInt(t) * budget);
          expect((await alertRows(p, user.userId)).alerts.map((a) => a.threshold)).toEqual(reached);
        },
      ),
      { numRuns: 25 },
    );
  });
});
