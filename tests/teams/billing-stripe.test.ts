// Team billing against the real Stripe SDK talking to the fake Stripe server, as a real owner (a
// session cookie): the team's own customer (billing email, metadata teamId), a Checkout session
// with quantity = seats, the signed events Stripe would send crediting the pool seats × PT per
// seat once, and a seat change sent as a quantity update (prorated and invoiced at once for an
// increase, no credit for a decrease) with an idempotency key derived from its claim.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stripePaymentsSource } from "@/lib/billing/reconciliation-source";
import type { StripeObject } from "@/lib/billing/test-objects";
import { buildEvent, unix } from "@/lib/billing/test-objects";
import { TEAM_PLAN } from "@/lib/entitlements";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { listPaymentCredits } from "@/lib/reconciliation/ledger-credits";
import { comparePayments } from "@/lib/reconciliation/payments";
import { teamAccount } from "@/lib/teams/admission-gate";
import { createTeam } from "@/lib/teams/teams";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createUser, deliver, PRICES, useFakeStripeEnv, useTestModeEnv } from "@/tests/billing/helpers";
import { FakeStripe } from "@/tests/fakes/stripe-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const teamCheckout = await import("@/app/api/teams/[id]/billing/checkout/route");

const fake = new FakeStripe({
  [PRICES.teamSeat]: { amount: 1500, currency: "usd", recurring: true },
  [PRICES.small]: { amount: 500, currency: "usd", recurring: false },
});
let db: TestDatabase;
let p: PrismaClient;
const PER_SEAT = TEAM_PLAN.ptPerSeatMonthly;

beforeAll(async () => {
  await fake.start();
  setupAuthEnv();
  db = await createTestDatabase();
  p = db.prisma;
  installAppDb(p);
});
beforeEach(() => useFakeStripeEnv(fake.url, { PRORATION_BEHAVIOR: "create_prorations" }));
afterAll(async () => {
  useTestModeEnv();
  await fake.stop();
  await db.cleanup();
});

const event = (type: string, object: StripeObject) => buildEvent(type, object, unix(new Date()));

async function ownerWithTeam() {
  const ownerId = await createUser(p);
  const team = await createTeam(p, { userId: ownerId, name: "Fake Co" });
  const { cookie } = await sessionCookie(p, ownerId);
  const buy = async (choice: Record<string, unknown>) => {
    const res = await teamCheckout.POST(
      new Request(`http://localhost/api/teams/${team.id}/billing/checkout`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(choice),
      }),
      { params: Promise.resolve({ id: team.id }) },
    );
    return {
      status: res.status,
      body: (await res.json()) as { url: string; reused: boolean; changed?: boolean },
    };
  };
  return {
    ownerId,
    teamId: team.id,
    buy,
    pool: async () => (await getBalance(p, teamAccount(team.id))).available,
  };
}

describe("team billing with Stripe", () => {
  it("buys 3 seats on the team's own customer; the events credit 3 × the seat allowance once", async () => {
    const t = await ownerWithTeam();
    const first = await t.buy({ seats: 3 });
    expect(first.status).toBe(200);
    expect((await t.buy({ seats: 3 })).body).toMatchObject({ url: first.body.url, reused: true });
    const sessionId = first.body.url.split("/").pop() ?? "";
    const session = fake.sessions.get(sessionId);
    const team = await p.team.findUniqueOrThrow({ where: { id: t.teamId } });
    const owner = await p.user.findUniqueOrThrow({ where: { id: t.ownerId } });
    expect(session).toMatchObject({
      mode: "subscription",
      customer: team.stripeCustomerId,
      client_reference_id: t.teamId,
      amount_total: 4500,
      _quantity: 3,
      _subscriptionMetadata: { teamId: t.teamId, buyerId: t.ownerId, planId: "team" },
    });
    expect(fake.customers.get(team.stripeCustomerId ?? "")).toMatchObject({
      email: owner.email,
      metadata: { teamId: t.teamId },
    });
    // The owner's own customer was not used (nor created).
    expect(await p.billingCustomer.count({ where: { userId: t.ownerId } })).toBe(0);

    const paid = fake.paySession(sessionId);
    if (!paid.subscription || !paid.invoice) throw new Error("fake");
    const events = [
      event("customer.subscription.created", paid.subscription as StripeObject),
      event("invoice.paid", paid.invoice as StripeObject),
      event("checkout.session.completed", paid.session as StripeObject),
    ];
    for (const e of events) await deliver(p, e);
    expect(await t.pool()).toBe(3n * PER_SEAT);
    // Replays (same ids) and re-sends (new ids) credit nothing more.
    for (const e of events) await deliver(p, e);
    for (const e of events) await deliver(p, { ...e, id: `${e.id}_resent` });
    expect(await t.pool()).toBe(3n * PER_SEAT);
    expect(await p.teamSubscription.findUniqueOrThrow({ where: { id: paid.subscription.id } })).toMatchObject(
      {
        seats: 3,
        teamId: t.teamId,
        buyerId: t.ownerId,
      },
    );

    // 3 → 5: a quantity update, invoiced at once; its proration invoice grants the 2 added seats.
    const changed = await t.buy({ seats: 5 });
    expect(changed.body.changed).toBe(true);
    const update = fake.calls("POST", `/v1/subscriptions/${paid.subscription.id}`).at(-1);
    expect(update?.body).toMatchObject({ proration_behavior: "always_invoice", items: [{ quantity: "5" }] });
    expect(update?.idempotencyKey).toMatch(/^ledgerchat-seats-[0-9a-f-]{36}$/);
    expect((await p.teamSubscription.findUniqueOrThrow({ where: { id: paid.subscription.id } })).seats).toBe(
      5,
    );
    const item = (paid.subscription.items as { data: { current_period_end: number }[] }).data[0];
    const now = unix(new Date());
    const proration = fake.addInvoice(paid.subscription, {
      priceId: PRICES.teamSeat,
      amount: 2900,
      start: now,
      end: item?.current_period_end ?? now,
      reason: "subscription_update",
      quantity: 5,
    });
    (proration.lines as { data: unknown[] }).data.unshift({
      amount: -1700,
      quantity: 3,
      period: { start: now, end: item?.current_period_end ?? now },
      pricing: { price_details: { price: PRICES.teamSeat } },
    });
    await deliver(p, event("invoice.paid", proration as StripeObject));
    await deliver(p, event("invoice.paid", proration as StripeObject));
    expect(await t.pool()).toBe(5n * PER_SEAT);

    // 5 → 4: no proration, no credit, the pool unchanged.
    expect((await t.buy({ seats: 4 })).status).toBe(200);
    expect(fake.calls("POST", `/v1/subscriptions/${paid.subscription.id}`).at(-1)?.body).toMatchObject({
      proration_behavior: "none",
      items: [{ quantity: "4" }],
    });
    expect(await t.pool()).toBe(5n * PER_SEAT);
    expect(await p.payment.count({ where: { teamId: t.teamId } })).toBe(2);
    const violations = await checkLedgerInvariants(p);
    expect(violations.filter((v) => v.severity === "error")).toEqual([]);
  });

  it("a team top-up on Stripe credits the pool, not the buyer", async () => {
    const t = await ownerWithTeam();
    const { body } = await t.buy({ packId: "small" });
    const paid = fake.paySession(body.url.split("/").pop() ?? "");
    await deliver(p, event("checkout.session.completed", paid.session as StripeObject));
    await deliver(p, event("checkout.session.completed", paid.session as StripeObject));
    expect(await t.pool()).toBe(250_000n);
    expect((await getBalance(p, { kind: "user", userId: t.ownerId })).available).toBe(0n);
    // The nightly reconciliation matches the team's charge with the pool's credit (owner = the team).
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
    const listed = (await stripePaymentsSource(p)?.listPayments(range)) ?? [];
    const { credits } = await listPaymentCredits(p, range);
    const comparison = comparePayments({
      day: range,
      payments: listed.filter((x) => x.userId === t.teamId),
      credits: credits.filter((c) => c.ownerId === t.teamId),
    });
    expect(comparison).toMatchObject({ matched: 1, missing: [], orphans: [], mismatches: [] });
  });
});
