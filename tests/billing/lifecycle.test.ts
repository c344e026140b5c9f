// A subscription's life through the webhook path: in order, shuffled with duplicates (fast-check),
// replayed a week later, and across a month boundary — the ledger must come out identical, each
// invoice granting its period's allowance exactly once, and the plan converging on Stripe's state.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requeueEvent } from "@/lib/billing/event-store";
import { runWebhookRetries } from "@/lib/billing/retry-worker";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { expireGrants } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { subscriptionLifetime } from "@/tests/billing/fixtures";
import { createUser, deliver, ledgerSnapshot, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const START = new Date(Date.UTC(2026, 0, 10, 12));
let db: TestDatabase;
let p: PrismaClient;

beforeAll(async () => {
  useTestModeEnv();
  db = await createTestDatabase();
  p = db.prisma;
});
afterAll(() => db.cleanup());

async function newRun() {
  const tag = `r${randomBytes(5).toString("hex")}`;
  const userId = await createUser(p);
  const customer = `cus_${tag}`;
  await p.billingCustomer.create({ data: { userId, stripeCustomerId: customer } });
  return { tag, userId, customer, life: subscriptionLifetime(tag, { userId, customer, start: START }) };
}

const errors = async () => (await checkLedgerInvariants(p)).filter((v) => v.severity === "error");
const plan = async (userId: string) => (await p.user.findUniqueOrThrow({ where: { id: userId } })).plan;
const subRow = (id: string) =>
  p.billingSubscription.findUniqueOrThrow({
    where: { id },
    select: { status: true, plan: true, version: true, currentPeriodEnd: true },
  });

describe("subscription lifetime", () => {
  it("in order: Pro while paid, past due keeps the plan, canceled drops to Free after the paid period", async () => {
    const { userId, life } = await newRun();
    const [p0, p1, p2] = life.periods as [Date, Date, Date, Date];
    const at = (event: (typeof life.events)[number]) => new Date(event.created * 1000);
    for (const event of life.events.slice(0, 3)) await deliver(p, event, at(event));
    expect(await plan(userId)).toBe("pro");
    let balance = await getBalance(p, { kind: "user", userId }, { now: p0 });
    expect(balance.grants).toEqual([
      expect.objectContaining({ source: "allowance", remaining: 1_000_000n, expiresAt: p1 }),
    ]);
    for (const event of life.events.slice(3, 7)) await deliver(p, event, at(event));
    expect((await subRow(life.subscriptionId)).status).toBe("past_due");
    expect(await plan(userId)).toBe("pro");
    const last = life.events[7];
    if (!last) throw new Error("fixture");
    const outcome = await deliver(p, last, at(last));
    expect(outcome.status).toBe("applied");
    expect(await plan(userId)).toBe("free");
    expect(await subRow(life.subscriptionId)).toMatchObject({ status: "canceled", plan: "pro" });
    // Two paid invoices → two allowances; the failed one granted nothing.
    balance = await getBalance(p, { kind: "user", userId }, { now: new Date(p1.getTime() + 1000) });
    expect(balance.grants.map((g) => [g.remaining, g.expiresAt])).toEqual([[1_000_000n, p2]]);
    expect(await p.payment.count({ where: { userId } })).toBe(2);
    expect(await errors()).toEqual([]);
  });

  it("shuffled, with duplicates, in any order: the ledger and the subscription equal the in-order run", async () => {
    const after = new Date(Date.UTC(2026, 3, 20));
    const reference = await newRun();
    for (const event of reference.life.events) await deliver(p, event, after);
    const expected = await ledgerSnapshot(p, reference.userId, reference.tag);
    const expectedSub = await subRow(reference.life.subscriptionId);
    expect(await plan(reference.userId)).toBe("free");

    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray([...Array(8).keys()], { minLength: 8, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }),
        async (order, dupes) => {
          const run = await newRun();
          const sequence = [...order, ...dupes].map((i) => run.life.events[i]);
          for (const event of sequence) if (event) await deliver(p, event, after);
          expect(await ledgerSnapshot(p, run.userId, run.tag)).toEqual(expected);
          expect(await subRow(run.life.subscriptionId)).toEqual(expectedSub);
          expect(await plan(run.userId)).toBe("free");
        },
      ),
      { numRuns: 12 },
    );
    expect(await errors()).toEqual([]);
  });

  it("replayed a week later (redelivered and requeued by an admin): nothing changes", async () => {
    const run = await newRun();
    const after = new Date(Date.UTC(2026, 3, 20));
    for (const event of run.life.events) await deliver(p, event, after);
    const before = await ledgerSnapshot(p, run.userId, run.tag);
    const weekLater = new Date(after.getTime() + 7 * 86_400_000);
    const outcomes = await Promise.all(run.life.events.map((event) => deliver(p, event, weekLater)));
    expect(outcomes.every((o) => o.duplicate)).toBe(true);
    for (const event of run.life.events) {
      await p.stripeEvent.update({ where: { id: event.id }, data: { status: "dead" } });
      expect(await requeueEvent(p, event.id, weekLater)).toBe(true);
    }
    const rerun = await runWebhookRetries(p, { now: weekLater });
    expect(rerun.applied + rerun.ignored).toBe(run.life.events.length);
    expect(await ledgerSnapshot(p, run.userId, run.tag)).toEqual(before);
  });
});

describe("month boundary", () => {
  it("the old period's allowance expires at its end and the new invoice grants the new one", async () => {
    const { userId, life } = await newRun();
    const [p0, p1] = life.periods as [Date, Date, Date, Date];
    const [created, completed, firstInvoice, secondInvoice] = life.events;
    if (!created || !completed || !firstInvoice || !secondInvoice) throw new Error("fixture");
    for (const event of [created, completed, firstInvoice]) await deliver(p, event, p0);
    const account = { kind: "user" as const, userId };
    const hold = await reserve(p, {
      account,
      amount: 400_000n,
      key: `spend-${userId}`,
      ttlSeconds: 600,
      now: p0,
    });
    await settle(p, { holdId: hold.holdId, actual: 400_000n });
    expect((await getBalance(p, account, { now: p0 })).available).toBe(600_000n);

    const justBefore = new Date(p1.getTime() - 1000);
    expect((await getBalance(p, account, { now: justBefore })).available).toBe(600_000n);
    await deliver(p, secondInvoice, p1);
    const expired = await expireGrants(p, { now: p1 });
    expect(expired.pt).toBeGreaterThanOrEqual(600_000n);
    const balance = await getBalance(p, account, { now: p1 });
    expect(balance.available).toBe(1_000_000n);
    expect(balance.grants).toHaveLength(1);
    expect(await errors()).toEqual([]);
  });
});
