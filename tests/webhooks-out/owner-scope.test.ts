// A user's own endpoint hears the user-scoped events of that user's account and of no one else's:
// balance.low and usage.threshold_crossed (written by the settle statement, emit-sql.ts) and
// payment.succeeded (written by the Stripe webhook's effect, emit.ts), with two users whose
// endpoints subscribe to all three and both of whom cause events. The operator's endpoint hears
// everything. Dropping the owner condition in either emitter puts the other user's events on an
// endpoint, and this test fails.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setBudget } from "@/lib/budgets/budgets";
import { setLowBalance } from "@/lib/budgets/low-balance";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { subscriptionLifetime } from "@/tests/billing/fixtures";
import { deliver, useTestModeEnv } from "@/tests/billing/helpers";
import { charge, newUserWithPt, type UserAccount } from "@/tests/budgets/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const EVENTS = ["balance.low", "payment.succeeded", "usage.threshold_crossed"] as const;
const URL_ = "https://hooks.example.com/x";

describe("user endpoints hear only their own account's events", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  beforeAll(async () => {
    useTestModeEnv();
    db = await createTestDatabase();
    p = db.prisma;
  });
  afterAll(() => db.cleanup());

  /** Everything user-scoped one account can cause: a budget threshold, a low balance, a paid invoice. */
  async function activity(user: UserAccount) {
    await setBudget(p, user, { amountPt: 1_000n, hardStop: false });
    await setLowBalance(p, user, { thresholdPt: 500n });
    await charge(p, user, 600n); // 60 % of the budget; 400 PT left, below 500
    const tag = `o${randomBytes(5).toString("hex")}`;
    const customer = `cus_${tag}`;
    await p.billingCustomer.create({ data: { userId: user.userId, stripeCustomerId: customer } });
    const life = subscriptionLifetime(tag, {
      userId: user.userId,
      customer,
      start: new Date(Date.UTC(2026, 0, 10)),
    });
    for (const event of life.events) await deliver(p, event, new Date(event.created * 1000));
  }

  it("balance.low, payment.succeeded and usage.threshold_crossed reach the owner's endpoint only", async () => {
    const ada = await newUserWithPt(p, 1_000n);
    const bob = await newUserWithPt(p, 1_000n);
    const operator = await createEndpoint(
      p,
      { userId: ada.userId },
      { userId: null },
      { url: URL_, events: [...EVENTS] },
    );
    const adas = await createEndpoint(
      p,
      { userId: ada.userId },
      { userId: ada.userId },
      { url: URL_, events: [...EVENTS] },
    );
    const bobs = await createEndpoint(
      p,
      { userId: bob.userId },
      { userId: bob.userId },
      { url: URL_, events: [...EVENTS] },
    );

    // Ada's activity first: Bob's endpoint, which subscribes to all three, must hear none of it.
    await activity(ada);
    const on = async (endpointId: string) =>
      (
        await p.webhookDelivery.findMany({
          where: { endpointId },
          select: { eventId: true, eventType: true, payload: true },
          orderBy: { eventId: "asc" },
        })
      ).map((d) => ({
        id: d.eventId,
        type: d.eventType,
        data: (d.payload as { data: Record<string, unknown> }).data,
      }));

    const adaEvents = await on(adas.endpoint.id);
    expect(new Set(adaEvents.map((e) => e.type))).toEqual(new Set(EVENTS));
    expect(await on(bobs.endpoint.id)).toEqual([]);
    expect(await on(operator.endpoint.id)).toEqual(adaEvents);

    // Then Bob's: each user's endpoint holds exactly the events the operator got about that user.
    await activity(bob);
    const all = await on(operator.endpoint.id);
    const bobEvents = await on(bobs.endpoint.id);
    expect(new Set(bobEvents.map((e) => e.type))).toEqual(new Set(EVENTS));
    expect(await on(adas.endpoint.id)).toEqual(adaEvents);
    expect([...adaEvents, ...bobEvents].map((e) => e.id).sort()).toEqual(all.map((e) => e.id).sort());
    expect(adaEvents.map((e) => e.id).filter((id) => bobEvents.some((b) => b.id === id))).toEqual([]);
    // The alerts name their account's user.
    for (const [events, userId] of [
      [adaEvents, ada.userId],
      [bobEvents, bob.userId],
    ] as const)
      for (const e of events.filter((x) => x.type !== "payment.succeeded"))
        expect(e.data.userId).toBe(userId);
  });
});
