// Team billing through the real routes in test mode (real session cookies, the test checkout's
// signed events POSTed to the real webhook route, real Postgres): the seat-priced plan pools
// seats × PT per seat on the team's account, concurrent Pay and seat-change clicks charge once,
// replayed webhooks credit once, a top-up credits the pool once, and receipts go to the team's
// billing email. The ledger invariants hold after each.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listMyPayments } from "@/lib/billing/overview";
import { TEST_TEAM_SEAT_PRICE_ID } from "@/lib/billing/team-catalog";
import { deliverTestEvents } from "@/lib/billing/test-mode";
import type { StripeEventObject } from "@/lib/billing/test-objects";
import { buildEvent, chargeObject, invoiceObject } from "@/lib/billing/test-objects";
import { TEAM_PLAN } from "@/lib/entitlements";
import { getBalance } from "@/lib/ledger/accounts";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { teamAccount } from "@/lib/teams/admission-gate";
import { createTeam } from "@/lib/teams/teams";
import { sessionCookie } from "@/tests/auth/helpers";
import { setupTestModeRoutes } from "@/tests/billing/route-driver";

const teamCheckout = await import("@/app/api/teams/[id]/billing/checkout/route");
const teamBilling = await import("@/app/api/teams/[id]/billing/route");

const driver = setupTestModeRoutes();
const PER_SEAT = TEAM_PLAN.ptPerSeatMonthly;

async function ownerWithTeam() {
  const owner = await driver.signIn();
  const p = driver.prisma();
  const team = await createTeam(p, { userId: owner.userId, name: "Acme" });
  const { cookie } = await sessionCookie(p, owner.userId);
  const ctx = { params: Promise.resolve({ id: team.id }) };
  const buy = async (choice: Record<string, unknown>) => {
    const res = await teamCheckout.POST(
      new Request(`http://app.test/api/teams/${team.id}/billing/checkout`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(choice),
      }),
      ctx,
    );
    return {
      status: res.status,
      body: (await res.json()) as { url?: string; changed?: boolean; error?: { message: string } },
    };
  };
  const billing = async () => {
    const res = await teamBilling.GET(
      new Request(`http://app.test/api/teams/${team.id}/billing`, { headers: { cookie } }),
      ctx,
    );
    return (await res.json()) as {
      billing: {
        subscription: { seats: number } | null;
        allowance: { left: string };
        purchases: { amount: string; description: string }[];
      };
    };
  };
  const pool = async () => (await getBalance(p, teamAccount(team.id))).available;
  return { owner, teamId: team.id, buy, billing, pool };
}

const sessionOf = (url: string | undefined) => String(url).split("/").pop() ?? "";

async function storedEvents(types: string[]): Promise<StripeEventObject[]> {
  const rows = await driver.prisma().stripeEvent.findMany({ where: { type: { in: types } } });
  return rows.map((r) => r.payload as unknown as StripeEventObject);
}

describe("team billing (test mode, real routes)", () => {
  it("five Pay clicks on a 3-seat checkout: one subscription, one payment, 3 × the seat allowance in the pool", async () => {
    const t = await ownerWithTeam();
    const clicks = await Promise.all(Array.from({ length: 5 }, () => t.buy({ seats: 3 })));
    expect(new Set(clicks.map((c) => c.body.url)).size).toBe(1);
    const session = sessionOf(clicks[0]?.body.url);
    const pays = await Promise.all(Array.from({ length: 5 }, () => t.owner.pay(session)));
    expect(pays.filter((r) => r.status === 200)).toHaveLength(1);
    expect(pays.filter((r) => r.status === 409)).toHaveLength(4);
    expect(await t.pool()).toBe(3n * PER_SEAT);
    const p = driver.prisma();
    expect(
      await p.teamSubscription.findMany({
        where: { teamId: t.teamId },
        select: { seats: true, status: true },
      }),
    ).toEqual([{ seats: 3, status: "active" }]);
    const payments = await p.payment.findMany({ where: { teamId: t.teamId } });
    expect(payments.map((x) => [x.kind, x.amountMinor, x.pt])).toEqual([
      ["subscription", 4_500n, 3n * PER_SEAT],
    ]);
    // Nothing went to the buyer's own account.
    expect((await driver.moneyOf(t.owner.userId)).grants).toEqual([]);
    // Nor is it listed (or disputable) as the buyer's own purchase.
    expect(await listMyPayments(p, t.owner.userId)).toEqual([]);
    const view = await t.billing();
    expect(view.billing.subscription?.seats).toBe(3);
    expect(view.billing.allowance.left).toBe((3n * PER_SEAT).toString());
    expect(view.billing.purchases[0]?.amount).toBe("$45.00");
    // The purchase is in the team's audit log once, replays or not.
    expect(await p.auditLog.count({ where: { targetId: t.teamId, action: "team.purchase" } })).toBe(1);
    await driver.expectLedgerSound();
  });

  it("ten concurrent clicks to 5 seats make one change, one prorated charge and one allowance increase; a decrease credits nothing", async () => {
    const t = await ownerWithTeam();
    await t.owner.pay(sessionOf((await t.buy({ seats: 2 })).body.url));
    expect(await t.pool()).toBe(2n * PER_SEAT);
    const clicks = await Promise.all(Array.from({ length: 10 }, () => t.buy({ seats: 5 })));
    const ok = clicks.filter((c) => c.status === 200);
    expect(ok).toHaveLength(1);
    expect(ok[0]?.body.changed).toBe(true);
    for (const c of clicks.filter((x) => x.status !== 200)) expect(c.status).toBe(409);
    const p = driver.prisma();
    expect((await p.teamSubscription.findFirstOrThrow({ where: { teamId: t.teamId } })).seats).toBe(5);
    expect(await t.pool()).toBe(5n * PER_SEAT);
    const payments = await p.payment.findMany({ where: { teamId: t.teamId }, orderBy: { createdAt: "asc" } });
    expect(payments).toHaveLength(2);
    // 3 added seats for (almost) the whole period: prorated, never more than 3 full seats.
    const proration = payments[1]?.amountMinor ?? 0n;
    expect(proration).toBeGreaterThan(0n);
    expect(proration).toBeLessThanOrEqual(3n * TEAM_PLAN.seatPriceMinor);
    expect(await p.teamSeatChange.count({ where: { teamId: t.teamId, completedAt: { not: null } } })).toBe(1);
    // Again to 5: already there.
    expect((await t.buy({ seats: 5 })).status).toBe(409);
    // Down to 4: no charge, no credit, the pool unchanged.
    expect((await t.buy({ seats: 4 })).status).toBe(200);
    expect((await p.teamSubscription.findFirstOrThrow({ where: { teamId: t.teamId } })).seats).toBe(4);
    expect(await p.payment.count({ where: { teamId: t.teamId } })).toBe(2);
    expect(await t.pool()).toBe(5n * PER_SEAT);
    await driver.expectLedgerSound();
  });

  it("replayed webhooks (the same events again) credit nothing more", async () => {
    const t = await ownerWithTeam();
    await t.owner.pay(sessionOf((await t.buy({ seats: 1 })).body.url));
    await t.owner.pay(sessionOf((await t.buy({ packId: "small" })).body.url));
    const before = await t.pool();
    expect(before).toBe(PER_SEAT + 250_000n);
    const events = await storedEvents([
      "invoice.paid",
      "checkout.session.completed",
      "customer.subscription.created",
    ]);
    await deliverTestEvents("http://app.test", events);
    // The same objects under new event ids (Stripe re-sending after a lost response): still once.
    await deliverTestEvents(
      "http://app.test",
      events.map((e) => ({ ...e, id: `${e.id}_again` })),
    );
    expect(await t.pool()).toBe(before);
    expect(await driver.prisma().payment.count({ where: { teamId: t.teamId } })).toBe(2);
    await driver.expectLedgerSound();
  });

  it("a failed renewal of the seat subscription: past due, the payment-failed mail at the billing email, once per attempt", async () => {
    const t = await ownerWithTeam();
    await t.owner.pay(sessionOf((await t.buy({ seats: 2 })).body.url));
    const p = driver.prisma();
    const sub = await p.teamSubscription.findFirstOrThrow({ where: { teamId: t.teamId } });
    const team = await p.team.findUniqueOrThrow({ where: { id: t.teamId } });
    const now = Math.floor(Date.now() / 1000) + 5;
    const failed = invoiceObject({
      id: `in_renewal_${sub.id.slice(-8)}`,
      customer: team.stripeCustomerId ?? "",
      subscription: sub.id,
      subscriptionMetadata: { teamId: t.teamId, buyerId: t.owner.userId, planId: "team" },
      lines: [
        { priceId: TEST_TEAM_SEAT_PRICE_ID, amount: 3_000, start: now, end: now + 86_400 * 30, quantity: 2 },
      ],
      billingReason: "subscription_cycle",
      status: "open",
      currency: "usd",
      created: now,
    });
    const event = buildEvent("invoice.payment_failed", failed, now);
    await deliverTestEvents("http://app.test", [event, { ...event, id: `${event.id}_again` }]);
    expect((await p.teamSubscription.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe("past_due");
    const owner = await p.user.findUniqueOrThrow({ where: { id: t.owner.userId } });
    expect(await p.emailOutbox.count({ where: { template: "payment-failed", to: owner.email } })).toBe(1);
    // Nothing was granted for an unpaid invoice.
    expect(await t.pool()).toBe(2n * PER_SEAT);
  });

  it("a team top-up: concurrent clicks share one session, five Pay clicks credit the pool once; the receipt goes to the billing email", async () => {
    const t = await ownerWithTeam();
    const p = driver.prisma();
    await p.team.update({ where: { id: t.teamId }, data: { billingEmail: "accounts@acme.test" } });
    const clicks = await Promise.all(Array.from({ length: 4 }, () => t.buy({ packId: "medium" })));
    expect(new Set(clicks.map((c) => c.body.url)).size).toBe(1);
    const session = sessionOf(clicks[0]?.body.url);
    const pays = await Promise.all(Array.from({ length: 5 }, () => t.owner.pay(session)));
    expect(pays.filter((r) => r.status === 200)).toHaveLength(1);
    expect(await t.pool()).toBe(1_100_000n);
    const mails = await p.emailOutbox.findMany({
      where: { template: "purchase-receipt", to: "accounts@acme.test" },
    });
    expect(mails).toHaveLength(1);
    // A refund of the team's top-up takes the PT back from the pool, not from the buyer.
    const payment = await p.payment.findFirstOrThrow({ where: { teamId: t.teamId } });
    const refunded = chargeObject({
      id: `ch_${payment.id.replaceAll("-", "")}`,
      customer: (await p.team.findUniqueOrThrow({ where: { id: t.teamId } })).stripeCustomerId,
      paymentIntent: payment.paymentIntentId ?? "",
      amount: Number(payment.amountMinor),
      amountRefunded: Number(payment.amountMinor),
      currency: payment.currency,
    });
    await deliverTestEvents("http://app.test", [
      buildEvent("charge.refunded", refunded, Math.floor(Date.now() / 1000)),
    ]);
    expect(await t.pool()).toBe(0n);
    expect((await driver.moneyOf(t.owner.userId)).available).toBe(0n);
    await driver.expectLedgerSound();
  });

  it("property: any sequence of seat targets, each clicked 1–3 times at once, changes seats once per step and grants only what was added", {
    timeout: 240_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async (initial, steps) => {
          resetRateLimiterForTests();
          const t = await ownerWithTeam();
          await t.owner.pay(sessionOf((await t.buy({ seats: initial })).body.url));
          const p = driver.prisma();
          let seats = initial;
          let granted = BigInt(initial) * PER_SEAT;
          let payments = 1;
          for (const [target, clicks] of steps) {
            resetRateLimiterForTests();
            const results = await Promise.all(Array.from({ length: clicks }, () => t.buy({ seats: target })));
            expect(results.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
            expect(results.filter((r) => r.status === 200)).toHaveLength(target === seats ? 0 : 1);
            if (target > seats) {
              granted += BigInt(target - seats) * PER_SEAT;
              payments++;
            }
            seats = target;
            expect((await p.teamSubscription.findFirstOrThrow({ where: { teamId: t.teamId } })).seats).toBe(
              seats,
            );
            expect(await t.pool()).toBe(granted);
            expect(await p.payment.count({ where: { teamId: t.teamId } })).toBe(payments);
          }
          await driver.expectLedgerSound();
        },
      ),
      { numRuns: 5 },
    );
  });
});
