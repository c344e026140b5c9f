// Auto top-up on real Postgres: settlements crossing the threshold queue one charge per crossing
// (however many race), the auto-topup job charges it off the request path and the PT arrive only
// through the webhook route (test mode: the signed payment_intent.succeeded the job POSTs; Stripe:
// the real SDK against the fake Stripe API, off_session + confirm, idempotency key per charge).
// Replayed webhooks credit once, the daily maximum holds, a declined charge turns it off and says so.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setAutoTopUp } from "@/lib/billing/auto-topup";
import { runAutoTopUps } from "@/lib/billing/auto-topup-run";
import { PACK_PT, packProduct } from "@/lib/billing/catalog";
import { buildEvent } from "@/lib/billing/test-objects";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { installAppDb } from "@/tests/auth/helpers";
import { createUser, deliver, PRICES, useFakeStripeEnv, useTestModeEnv } from "@/tests/billing/helpers";
import { charge } from "@/tests/budgets/helpers";
import { FakeStripe } from "@/tests/fakes/stripe-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const webhook = await import("@/app/api/stripe/webhook/route");
const SMALL = PACK_PT.small;

let db: TestDatabase;
let p: PrismaClient;
/** payment_intent events the webhook route received (test mode), to replay them. */
const posted: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  p = db.prisma;
  installAppDb(p);
  // Test-mode delivery goes to the real webhook route handler, in process.
  vi.stubGlobal("fetch", async (input: URL | string, init?: RequestInit) => {
    posted.push(String(init?.body ?? ""));
    return webhook.POST(new Request(new URL(String(input)), init), { params: Promise.resolve({}) });
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await db?.cleanup();
});

/** A user with a billing customer, a past purchase (test mode's saved card) and `pt` PT. */
async function buyer(pt: bigint, customer = `cus_${randomUUID().slice(0, 8)}`) {
  const userId = await createUser(p);
  await p.billingCustomer.create({ data: { userId, stripeCustomerId: customer } });
  await p.payment.create({
    data: {
      userId,
      kind: "topup",
      sourceId: `cs_${randomUUID()}`,
      amountMinor: 500n,
      currency: "usd",
      pt: 1n,
      description: "x",
    },
  });
  const account = { kind: "user" as const, userId };
  await grantCredits(p, { account, amount: pt, source: "purchase", key: `buy:${randomUUID()}` });
  return { account, userId, customer };
}

const charges = (userId: string) =>
  p.autoTopUpCharge.findMany({ where: { userId }, orderBy: { crossing: "asc" } });
const mails = (userId: string) =>
  p.emailOutbox.findMany({ where: { userId, template: { in: ["auto-topup", "purchase-receipt"] } } });
const errors = async () => (await checkLedgerInvariants(p)).filter((v) => v.severity === "error");

describe("auto top-up in test mode", () => {
  beforeEach(() => useTestModeEnv({ APP_URL: "http://app.test" }));

  it("many settles crossing at once queue one charge; parallel job runs charge it once, credited by the webhook", async () => {
    const { account, userId } = await buyer(3_000n);
    await setAutoTopUp(p, userId, { enabled: true, thresholdPt: 2_000n, pack: "small", maxPerDay: 3 });
    const holds = [];
    for (let i = 0; i < 40; i++)
      holds.push(await reserve(p, { account, amount: 60n, key: `t:${randomUUID()}`, ttlSeconds: 600 }));
    await Promise.all(holds.map((h) => settle(p, { holdId: h.holdId, actual: 50n })));
    expect(await charges(userId)).toHaveLength(1);
    expect(await getBalance(p, account)).toMatchObject({ posted: 1_000n, pending: 0n });

    const runs = await Promise.all([runAutoTopUps(p), runAutoTopUps(p), runAutoTopUps(p)]);
    expect(runs.reduce((n, r) => n + r.charged, 0)).toBe(1);
    expect(await getBalance(p, account)).toMatchObject({ posted: 1_000n + SMALL });
    const [done] = await charges(userId);
    expect(done).toMatchObject({
      status: "succeeded",
      paymentIntentId: expect.stringMatching(/^pi_test_local_auto_/),
    });
    const payment = await p.payment.findFirstOrThrow({
      where: { userId, sourceId: done?.paymentIntentId ?? "" },
    });
    expect(payment).toMatchObject({
      kind: "topup",
      amountMinor: packProduct("small").amountMinor,
      pt: SMALL,
    });
    // An email for the charge and the receipt of the credit.
    expect((await mails(userId)).map((m) => m.template).sort()).toEqual(["auto-topup", "purchase-receipt"]);
    expect(await runAutoTopUps(p)).toEqual({ charged: 0, failed: 0, retried: 0 });
    expect(await errors()).toEqual([]);
  });

  it("a replayed or duplicated payment_intent.succeeded credits once", async () => {
    const { account, userId } = await buyer(3_000n);
    await setAutoTopUp(p, userId, { enabled: true, thresholdPt: 2_000n, pack: "small", maxPerDay: 3 });
    posted.length = 0;
    await charge(p, account, 1_500n);
    await runAutoTopUps(p);
    const event = JSON.parse(posted.find((b) => b.includes("payment_intent.succeeded")) ?? "{}");
    expect(event.type).toBe("payment_intent.succeeded");
    const outcomes = await Promise.all([0, 1, 2].map(() => deliver(p, event, new Date())));
    expect(outcomes.every((o) => o.duplicate)).toBe(true);
    // The same payment under another event id (a resend): the ledger key still credits once.
    await deliver(p, { ...event, id: `evt_other_${randomUUID().slice(0, 8)}` }, new Date());
    expect(await getBalance(p, account)).toMatchObject({ posted: 1_500n + SMALL });
    expect(
      await p.payment.count({ where: { userId, kind: "topup", description: "Auto top-up: small" } }),
    ).toBe(1);
    expect(await errors()).toEqual([]);
  });

  it("at most maxPerDay charges a UTC day; a crossing over it waits for the next day", async () => {
    const { account, userId } = await buyer(3_000n);
    await setAutoTopUp(p, userId, { enabled: true, thresholdPt: 1_000n, pack: "small", maxPerDay: 2 });
    const day1 = new Date("2030-05-10T10:00:00Z");
    const day2 = new Date("2030-05-11T00:05:00Z");
    await charge(p, account, 2_500n, { now: day1 }); // 500: crossing 1
    await runAutoTopUps(p, { now: day1 });
    await charge(p, account, SMALL, { now: day1 }); // 500 again: crossing 2 (re-armed by the credit)
    await runAutoTopUps(p, { now: day1 });
    await charge(p, account, SMALL, { now: day1 }); // 500: the day's two are used
    expect((await charges(userId)).map((c) => [c.crossing, c.day])).toEqual([
      [1, "2030-05-10"],
      [2, "2030-05-10"],
    ]);
    await charge(p, account, 1n, { now: day1 });
    expect(await charges(userId)).toHaveLength(2);
    await charge(p, account, 1n, { now: day2 }); // still below, a new day: charged
    expect((await charges(userId)).map((c) => c.day)).toEqual(["2030-05-10", "2030-05-10", "2030-05-11"]);
    await runAutoTopUps(p, { now: day2 });
    expect((await getBalance(p, account)).posted).toBe(498n + SMALL);
  });

  it("is refused without a saved card, while Stripe Tax is on, and with bad settings", async () => {
    const userId = await createUser(p);
    const input = { enabled: true, thresholdPt: 1_000n, pack: "small" as const, maxPerDay: 1 };
    await expect(setAutoTopUp(p, userId, input)).rejects.toMatchObject({ code: "conflict" });
    const { userId: paid } = await buyer(10n);
    useTestModeEnv({ APP_URL: "http://app.test", STRIPE_AUTOMATIC_TAX: "true" });
    await expect(setAutoTopUp(p, paid, input)).rejects.toThrow(/Stripe Tax/);
    // Off can still be saved.
    await expect(setAutoTopUp(p, paid, { ...input, enabled: false })).resolves.toMatchObject({
      enabled: false,
    });
    useTestModeEnv({ APP_URL: "http://app.test" });
    for (const bad of [{ maxPerDay: 0 }, { maxPerDay: 11 }, { thresholdPt: 0n }, { pack: "huge" }]) {
      const error = await setAutoTopUp(p, paid, { ...input, ...bad } as typeof input).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("validation_failed");
    }
  });
});

describe("auto top-up with Stripe (the SDK against the fake Stripe API)", () => {
  let stripe: FakeStripe;
  beforeAll(async () => {
    stripe = new FakeStripe({ [PRICES.small]: { amount: 500, currency: "usd", recurring: false } });
    await stripe.start();
  });
  beforeEach(() => useFakeStripeEnv(stripe.url, { APP_URL: "http://app.test" }));
  afterAll(async () => stripe?.stop());

  it("charges off-session with an idempotency key per charge; the credit comes with the webhook", async () => {
    const { account, userId, customer } = await buyer(3_000n);
    stripe.cards.set(customer, ["pm_card_visa"]);
    await setAutoTopUp(p, userId, { enabled: true, thresholdPt: 2_000n, pack: "small", maxPerDay: 1 });
    await charge(p, account, 1_500n);
    await Promise.all([runAutoTopUps(p), runAutoTopUps(p)]);
    const calls = stripe.calls("POST", "/v1/payment_intents");
    expect(calls).toHaveLength(1);
    const [queued] = await charges(userId);
    expect(calls[0]?.idempotencyKey).toBe(`ledgerchat-autotopup-${queued?.id}`);
    expect(calls[0]?.body).toMatchObject({
      amount: "500",
      currency: "usd",
      customer,
      payment_method: "pm_card_visa",
      off_session: "true",
      confirm: "true",
      metadata: { kind: "auto_topup", chargeId: queued?.id, userId, pack: "small" },
    });
    expect(queued?.status).toBe("submitted");
    // Not credited by the charge itself: only by payment_intent.succeeded.
    expect((await getBalance(p, account)).posted).toBe(1_500n);
    const intent = stripe.paymentIntents.get(queued?.paymentIntentId ?? "");
    expect(intent).toBeDefined();
    await deliver(p, buildEvent("payment_intent.succeeded", intent as never, Math.floor(Date.now() / 1000)));
    expect((await getBalance(p, account)).posted).toBe(1_500n + SMALL);
    expect((await charges(userId))[0]?.status).toBe("succeeded");
  });

  it.each(["card_declined", "authentication_required"] as const)(
    "a %s charge turns auto top-up off, with an email and an in-app notice",
    async (code) => {
      const { account, userId, customer } = await buyer(3_000n);
      stripe.cards.set(customer, ["pm_card_visa"]);
      stripe.declines.set(customer, code);
      await setAutoTopUp(p, userId, { enabled: true, thresholdPt: 2_000n, pack: "small", maxPerDay: 3 });
      await charge(p, account, 1_500n);
      expect(await runAutoTopUps(p)).toEqual({ charged: 0, failed: 1, retried: 0 });
      const settings = await p.autoTopUp.findFirstOrThrow({ where: { userId, teamId: null } });
      expect(settings.enabled).toBe(false);
      expect(settings.offReason).toMatch(code === "card_declined" ? /declined/ : /confirm this payment/);
      expect((await charges(userId))[0]).toMatchObject({ status: "failed" });
      const mail = await p.emailOutbox.findFirstOrThrow({ where: { userId, template: "auto-topup" } });
      expect(mail.category).toBe("account");
      expect((mail.data as { outcome: string }).outcome).toBe("failed");
      expect(await p.notification.count({ where: { userId, kind: "auto_topup_failed" } })).toBe(1);
      // Off: later crossings queue nothing.
      await grantCredits(p, { account, amount: 5_000n, source: "purchase", key: `buy:${randomUUID()}` });
      await charge(p, account, 5_000n);
      expect(await charges(userId)).toHaveLength(1);
      expect((await getBalance(p, account)).posted).toBe(1_500n);
    },
  );

  it("a submitted charge that fails later (payment_intent.payment_failed) turns it off, once", async () => {
    const { account, userId, customer } = await buyer(3_000n);
    stripe.cards.set(customer, ["pm_card_visa"]);
    await setAutoTopUp(p, userId, { enabled: true, thresholdPt: 2_000n, pack: "small", maxPerDay: 3 });
    await charge(p, account, 1_500n);
    await runAutoTopUps(p);
    const [submitted] = await charges(userId);
    expect(submitted?.status).toBe("submitted");
    const intent = stripe.paymentIntents.get(submitted?.paymentIntentId ?? "");
    const failed = {
      ...(intent as object),
      status: "requires_payment_method",
      last_payment_error: { code: "card_declined", message: "Your card was declined." },
    };
    const event = buildEvent("payment_intent.payment_failed", failed as never, Math.floor(Date.now() / 1000));
    await deliver(p, event);
    await deliver(p, { ...event, id: `evt_again_${randomUUID().slice(0, 8)}` });
    expect((await charges(userId))[0]).toMatchObject({ status: "failed", error: "Your card was declined." });
    expect(await p.autoTopUp.findFirstOrThrow({ where: { userId, teamId: null } })).toMatchObject({
      enabled: false,
      offReason: "Your card was declined.",
    });
    expect(
      await p.emailOutbox.count({ where: { userId, template: "auto-topup", category: "account" } }),
    ).toBe(1);
    expect(await p.notification.count({ where: { userId, kind: "auto_topup_failed" } })).toBe(1);
    expect((await getBalance(p, account)).posted).toBe(1_500n);
  });

  it("Stripe unreachable: retried later, not turned off", async () => {
    const { account, userId, customer } = await buyer(3_000n);
    stripe.cards.set(customer, ["pm_card_visa"]);
    await setAutoTopUp(p, userId, { enabled: true, thresholdPt: 2_000n, pack: "small", maxPerDay: 3 });
    await charge(p, account, 1_500n);
    stripe.failNext = 5;
    expect(await runAutoTopUps(p)).toEqual({ charged: 0, failed: 0, retried: 1 });
    stripe.failNext = 0;
    expect((await p.autoTopUp.findFirstOrThrow({ where: { userId, teamId: null } })).enabled).toBe(true);
    expect(await runAutoTopUps(p, { now: new Date(Date.now() + 10 * 60_000) })).toMatchObject({ charged: 1 });
  });
});
