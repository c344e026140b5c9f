// Checkout, plan switch, portal and recovery against the real SDK talking to the fake Stripe
// server, called as a real user: a session cookie on the test database installed as the app's.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as checkout from "@/app/api/billing/checkout/route";
import * as portal from "@/app/api/billing/portal/route";
import * as sync from "@/app/api/billing/sync/route";
import { expireSubscriptions } from "@/lib/billing/expire-subscriptions";
import { syncRecentCheckouts } from "@/lib/billing/sync";
import type { StripeObject } from "@/lib/billing/test-objects";
import { buildEvent, unix } from "@/lib/billing/test-objects";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createUser, deliver, PRICES, useFakeStripeEnv, useTestModeEnv } from "@/tests/billing/helpers";
import { FakeStripe } from "@/tests/fakes/stripe-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

// The caller: a real session cookie of the user made by actAsNewUser, or none.
let cookie = "";

const ctx = { params: Promise.resolve({}) };
const postJson = (handler: typeof checkout.POST, path: string, body?: unknown) =>
  handler(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    ctx,
  );

const fake = new FakeStripe({
  [PRICES.pro]: { amount: 2000, currency: "usd", recurring: true },
  [PRICES.max]: { amount: 10_000, currency: "usd", recurring: true },
  [PRICES.small]: { amount: 500, currency: "usd", recurring: false },
  [PRICES.medium]: { amount: 2000, currency: "usd", recurring: false },
  [PRICES.large]: { amount: 5000, currency: "usd", recurring: false },
});
let db: TestDatabase;
let p: PrismaClient;

beforeAll(async () => {
  await fake.start();
  setupAuthEnv();
  db = await createTestDatabase();
  p = db.prisma;
  installAppDb(p);
});
beforeEach(() => useFakeStripeEnv(fake.url, { PRORATION_BEHAVIOR: "always_invoice" }));
afterAll(async () => {
  useTestModeEnv();
  await fake.stop();
  await db.cleanup();
});

async function actAsNewUser(options: { verified?: boolean; status?: "active" | "frozen" } = {}) {
  const userId = await createUser(p, options);
  cookie = (await sessionCookie(p, userId)).cookie;
  return userId;
}

const event = (type: string, object: StripeObject) => buildEvent(type, object, unix(new Date()));

describe("checkout", () => {
  it("opens one Checkout session per open intent, with the user as client_reference_id", async () => {
    const userId = await actAsNewUser();
    const before = fake.calls("POST", "/v1/checkout/sessions").length;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => postJson(checkout.POST, "/api/billing/checkout", { packId: "small" })),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { url: string }[];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(bodies.map((b) => b.url)).size).toBe(1);
    const creates = fake.calls("POST", "/v1/checkout/sessions").slice(before);
    expect(new Set(creates.map((c) => c.idempotencyKey)).size).toBe(1);
    expect(fake.sessions.size).toBeGreaterThan(0);
    const session = [...fake.sessions.values()].find((s) => s.client_reference_id === userId);
    expect(session).toMatchObject({ mode: "payment", amount_total: 500, metadata: { userId, kind: "pack" } });
    const intent = await p.checkoutIntent.findFirstOrThrow({ where: { userId } });
    expect(intent).toMatchObject({
      status: "pending",
      expectedAmountMinor: 500n,
      expectedPt: 250_000n,
      stripeSessionId: session?.id,
    });
    const again = (await (
      await postJson(checkout.POST, "/api/billing/checkout", { packId: "small" })
    ).json()) as {
      url: string;
      reused: boolean;
    };
    expect(again).toEqual({ url: bodies[0]?.url, reused: true });
    // Concurrent first clicks race to create the customer; the idempotency key makes it one.
    const customers = [...fake.customers.values()].filter(
      (c) => (c.metadata as { userId?: string }).userId === userId,
    );
    expect(customers).toHaveLength(1);
    expect(await p.billingCustomer.findUniqueOrThrow({ where: { userId } })).toMatchObject({
      stripeCustomerId: customers[0]?.id,
    });
  });

  it("refuses unverified and frozen users, and unknown products", async () => {
    await actAsNewUser({ verified: false });
    const unverified = await postJson(checkout.POST, "/api/billing/checkout", { planId: "pro" });
    expect([
      unverified.status,
      ((await unverified.json()) as { error: { code: string } }).error.code,
    ]).toEqual([403, "email_unverified"]);
    await actAsNewUser({ status: "frozen" });
    const frozen = await postJson(checkout.POST, "/api/billing/checkout", { packId: "small" });
    expect([frozen.status, ((await frozen.json()) as { error: { code: string } }).error.code]).toEqual([
      403,
      "account_frozen",
    ]);
    await actAsNewUser();
    expect((await postJson(checkout.POST, "/api/billing/checkout", { planId: "free" })).status).toBe(422);
    cookie = "";
    expect((await postJson(checkout.POST, "/api/billing/checkout", { packId: "small" })).status).toBe(401);
  });

  it("subscribes, converges on the retrieved subscription, then switches plans with the configured proration", async () => {
    const userId = await actAsNewUser();
    const { url } = (await (
      await postJson(checkout.POST, "/api/billing/checkout", { planId: "pro" })
    ).json()) as { url: string };
    const sessionId = url.split("/").pop() ?? "";
    expect(fake.sessions.get(sessionId)).toMatchObject({
      mode: "subscription",
      _subscriptionMetadata: { userId, planId: "pro" },
    });
    const paid = fake.paySession(sessionId);
    if (!paid.subscription || !paid.invoice) throw new Error("fake");
    await deliver(p, event("checkout.session.completed", paid.session as StripeObject));
    expect((await p.user.findUniqueOrThrow({ where: { id: userId } })).plan).toBe("pro");
    await deliver(p, event("invoice.paid", paid.invoice as StripeObject));
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(1_000_000n);

    const switched = (await (
      await postJson(checkout.POST, "/api/billing/checkout", { planId: "max" })
    ).json()) as {
      switched: boolean;
    };
    expect(switched.switched).toBe(true);
    const update = fake.calls("POST", `/v1/subscriptions/${paid.subscription.id}`).at(-1);
    expect(update?.body).toMatchObject({
      proration_behavior: "always_invoice",
      items: [{ price: PRICES.max }],
    });
    expect((await p.user.findUniqueOrThrow({ where: { id: userId } })).plan).toBe("max");
    const same = await postJson(checkout.POST, "/api/billing/checkout", { planId: "max" });
    expect(same.status).toBe(409);
  });

  it("ten concurrent upgrade clicks make one Stripe subscription update; the others get 409", async () => {
    const userId = await actAsNewUser();
    const { url } = (await (
      await postJson(checkout.POST, "/api/billing/checkout", { planId: "pro" })
    ).json()) as { url: string };
    const paid = fake.paySession(url.split("/").pop() ?? "");
    if (!paid.subscription) throw new Error("fake");
    await deliver(p, event("checkout.session.completed", paid.session as StripeObject));
    const path = `/v1/subscriptions/${paid.subscription.id}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => postJson(checkout.POST, "/api/billing/checkout", { planId: "max" })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const updates = fake.calls("POST", path);
    expect(updates).toHaveLength(1);
    const claim = await p.planSwitch.findFirstOrThrow({ where: { userId } });
    expect(updates[0]?.idempotencyKey).toBe(`ledgerchat-switch-${claim.id}`);
    expect(claim).toMatchObject({ fromPlan: "pro", toPlan: "max", openKey: null });
    expect((await p.user.findUniqueOrThrow({ where: { id: userId } })).plan).toBe("max");
  });

  it("portal returns the Customer Portal URL of the user's customer; 404 without one", async () => {
    await actAsNewUser();
    expect((await postJson(portal.POST, "/api/billing/portal")).status).toBe(404);
    await postJson(checkout.POST, "/api/billing/checkout", { packId: "medium" });
    const body = (await (await postJson(portal.POST, "/api/billing/portal")).json()) as { url: string };
    expect(body.url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/cus_fake/);
  });
});

describe("subscription refunds", () => {
  it("records the invoice's payment intent from Stripe (webhooks omit it), so a refund claws back the allowance", async () => {
    const userId = await actAsNewUser();
    const { url } = (await (
      await postJson(checkout.POST, "/api/billing/checkout", { planId: "pro" })
    ).json()) as { url: string };
    const paid = fake.paySession(url.split("/").pop() ?? "");
    if (!paid.invoice || !paid.charge) throw new Error("fake");
    const { payments: _omitted, ...asWebhookSendsIt } = paid.invoice;
    await deliver(p, event("invoice.paid", asWebhookSendsIt as StripeObject));
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(1_000_000n);
    const charge = { ...paid.charge, object: "charge", amount_refunded: 2000 };
    expect((await deliver(p, event("charge.refunded", charge))).status).toBe("applied");
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(0n);
  });
});

describe("recovery", () => {
  it("'I paid but have no PT': sync applies a paid session whose webhook never came, once", async () => {
    const userId = await actAsNewUser();
    const { url } = (await (
      await postJson(checkout.POST, "/api/billing/checkout", { packId: "large" })
    ).json()) as { url: string };
    fake.paySession(url.split("/").pop() ?? "");
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(0n);
    const first = (await (await postJson(sync.POST, "/api/billing/sync")).json()) as { applied: number };
    expect(first.applied).toBe(1);
    await postJson(sync.POST, "/api/billing/sync");
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(3_000_000n);
  });

  it("the cron job recovers every recent completed session", async () => {
    const userId = await actAsNewUser();
    const { url } = (await (
      await postJson(checkout.POST, "/api/billing/checkout", { packId: "small" })
    ).json()) as { url: string };
    fake.paySession(url.split("/").pop() ?? "");
    const run = await syncRecentCheckouts(p);
    expect(run.applied).toBeGreaterThanOrEqual(1);
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(250_000n);
  });

  it("with Stripe down, handlers fall back to the event's object (version-guarded)", async () => {
    const userId = await actAsNewUser();
    const { url } = (await (
      await postJson(checkout.POST, "/api/billing/checkout", { planId: "pro" })
    ).json()) as { url: string };
    const paid = fake.paySession(url.split("/").pop() ?? "");
    const sub = paid.subscription as StripeObject;
    fake.failNext = 5;
    const outcome = await deliver(p, event("customer.subscription.created", sub));
    fake.failNext = 0;
    expect(outcome.status).toBe("applied");
    expect((await p.user.findUniqueOrThrow({ where: { id: userId } })).plan).toBe("pro");
  });

  it("expire-subscriptions drops a user whose subscription Stripe canceled to Free", async () => {
    const userId = await actAsNewUser();
    const { url } = (await (
      await postJson(checkout.POST, "/api/billing/checkout", { planId: "pro" })
    ).json()) as { url: string };
    const paid = fake.paySession(url.split("/").pop() ?? "");
    const sub = paid.subscription as StripeObject & { items: { data: { current_period_end: number }[] } };
    await deliver(p, event("customer.subscription.created", sub));
    expect((await p.user.findUniqueOrThrow({ where: { id: userId } })).plan).toBe("pro");
    sub.status = "canceled";
    const later = new Date(((sub.items.data[0]?.current_period_end ?? 0) + 3600) * 1000);
    const run = await expireSubscriptions(p, { now: later });
    expect(run.downgraded).toBeGreaterThanOrEqual(1);
    expect((await p.user.findUniqueOrThrow({ where: { id: userId } })).plan).toBe("free");
  });
});
