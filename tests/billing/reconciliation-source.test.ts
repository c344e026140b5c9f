// The nightly reconciliation's Stripe side against the real SDK talking to the fake Stripe server:
// a paid top-up whose webhook never arrived is reported and healed exactly once across two runs,
// and a payment the webhook already credited matches without an issue; the same for an auto top-up's
// off-session payment intent (no checkout session behind it).

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setAutoTopUp } from "@/lib/billing/auto-topup";
import { runAutoTopUps } from "@/lib/billing/auto-topup-run";
import { stripePaymentsSource } from "@/lib/billing/reconciliation-source";
import type { StripeObject } from "@/lib/billing/test-objects";
import { buildEvent, unix } from "@/lib/billing/test-objects";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { runReconciliation } from "@/lib/reconciliation/run";
import { createUser, deliver, PRICES, useFakeStripeEnv, useTestModeEnv } from "@/tests/billing/helpers";
import { charge } from "@/tests/budgets/helpers";
import { FakeStripe } from "@/tests/fakes/stripe-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const state = vi.hoisted(() => ({
  prisma: null as unknown,
  user: null as null | { userId: string; status: "active"; emailVerified: boolean },
}));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () =>
    state.user && { kind: "user", role: "USER", twoFactorEnabled: false, ...state.user },
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const checkout = await import("@/app/api/billing/checkout/route");

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
  db = await createTestDatabase();
  p = db.prisma;
  state.prisma = p;
});
beforeEach(() => useFakeStripeEnv(fake.url));
afterAll(async () => {
  useTestModeEnv();
  await fake.stop();
  await db.cleanup();
});

/** A new user buys the small pack (500 usd cents → 250,000 PT) and pays; no webhook is delivered. */
async function paidTopup() {
  const userId = await createUser(p);
  state.user = { userId, status: "active", emailVerified: true };
  const response = await checkout.POST(
    new Request("http://localhost/api/billing/checkout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ packId: "small" }),
    }),
    { params: Promise.resolve({}) },
  );
  const { url } = (await response.json()) as { url: string };
  const { session } = fake.paySession(url.split("/").pop() ?? "");
  return { userId, session, paymentId: session.payment_intent as string };
}

const today = () => new Date().toISOString().slice(0, 10);
const balance = async (userId: string) => (await getBalance(p, { kind: "user", userId })).available;
const run = () => {
  const payments = stripePaymentsSource(p);
  if (!payments) throw new Error("Stripe should be configured");
  return runReconciliation(p, { day: today(), payments, providers: [] });
};

describe("stripePaymentsSource", () => {
  it("is undefined in test mode (no Stripe)", () => {
    useTestModeEnv();
    expect(stripePaymentsSource(p)).toBeUndefined();
  });

  it("heals a paid top-up whose webhook never arrived, exactly once across two runs", async () => {
    const { userId, paymentId } = await paidTopup();
    expect(paymentId).toMatch(/^pi_/);
    expect(await balance(userId)).toBe(0n);

    const first = await run();
    const healedIssue = first.issues.filter((i) => i.refs?.paymentId === paymentId);
    expect(healedIssue).toEqual([
      expect.objectContaining({ severity: "warning", kind: "payment_credit_missing_healed" }),
    ]);
    expect(healedIssue[0]?.refs).toMatchObject({ userId, amountMinor: "500" });
    expect(first.healed).toBe(1);
    expect(await balance(userId)).toBe(250_000n);

    const second = await run();
    expect(second.issues.filter((i) => i.refs?.paymentId === paymentId)).toEqual([]);
    expect(second.healed).toBe(0);
    expect(second.summary.payments).toMatchObject({ checked: true, missing: 0, mismatches: 0, orphans: 0 });
    expect(await balance(userId)).toBe(250_000n);
    expect(await p.payment.count({ where: { userId } })).toBe(1);
  });

  it("a top-up the webhook already credited matches with no issue", async () => {
    const { userId, session, paymentId } = await paidTopup();
    const outcome = await deliver(
      p,
      buildEvent("checkout.session.completed", session as StripeObject, unix(new Date())),
    );
    expect(outcome.status).toBe("applied");
    expect(await balance(userId)).toBe(250_000n);

    const result = await run();
    expect(result.issues.filter((i) => i.refs?.paymentId === paymentId)).toEqual([]);
    expect(result.healed).toBe(0);
    expect(result.summary.payments).toMatchObject({ checked: true, missing: 0, mismatches: 0, orphans: 0 });
    expect(await balance(userId)).toBe(250_000n);
  });

  it("heals an auto top-up charged off-session whose webhook never arrived, exactly once", async () => {
    const userId = await createUser(p);
    const customer = `cus_auto_${randomUUID().slice(0, 8)}`;
    await p.billingCustomer.create({ data: { userId, stripeCustomerId: customer } });
    fake.cards.set(customer, ["pm_card_visa"]);
    const account = { kind: "user" as const, userId };
    await grantCredits(p, { account, amount: 3_000n, source: "adjustment", key: `adj:${randomUUID()}` });
    await setAutoTopUp(p, userId, { enabled: true, thresholdPt: 2_000n, pack: "small", maxPerDay: 1 });
    await charge(p, account, 1_500n);
    expect(await runAutoTopUps(p)).toMatchObject({ charged: 1 });
    const [intent] = [...fake.paymentIntents.values()].filter((i) => i.customer === customer);
    expect(await balance(userId)).toBe(1_500n);

    const first = await run();
    expect(first.issues.filter((i) => i.refs?.paymentId === intent?.id)).toEqual([
      expect.objectContaining({ kind: "payment_credit_missing_healed" }),
    ]);
    expect(await balance(userId)).toBe(1_500n + 250_000n);
    const second = await run();
    expect(second.issues.filter((i) => i.refs?.paymentId === intent?.id)).toEqual([]);
    expect(await balance(userId)).toBe(1_500n + 250_000n);
    expect(await p.autoTopUpCharge.findFirst({ where: { userId } })).toMatchObject({ status: "succeeded" });
  });
});
