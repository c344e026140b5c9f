// Stripe Tax (STRIPE_AUTOMATIC_TAX=1) against the fake Stripe server: the Checkout session asks
// Stripe to compute tax and collects the billing address and tax id (saved on the customer for later
// invoices); the paid session's and invoice's tax is stored with the payment in exact minor units,
// with the rate's name (the session's breakdown, which Stripe sends only when expanded; the invoice's
// tax rates, fetched by id) and the buyer's billing details; a total that is not the price plus its
// tax is still held for review.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkout from "@/app/api/billing/checkout/route";
import { resetStripeForTests } from "@/lib/billing/stripe-client";
import { buildEvent, type StripeObject, unix } from "@/lib/billing/test-objects";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createUser, deliver, PRICES, useFakeStripeEnv, useTestModeEnv } from "@/tests/billing/helpers";
import { FakeStripe } from "@/tests/fakes/stripe-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const fake = new FakeStripe({
  [PRICES.pro]: { amount: 2000, currency: "usd", recurring: true },
  [PRICES.small]: { amount: 500, currency: "usd", recurring: false },
});
const VAT_DE = {
  id: "txr_de_19",
  object: "tax_rate",
  display_name: "VAT",
  percentage: 19,
  jurisdiction: "DE",
};
const BUYER = {
  name: "Acme GmbH",
  address: {
    line1: "Hauptstr. 1",
    line2: null,
    postal_code: "10115",
    city: "Berlin",
    state: null,
    country: "DE",
  },
  tax_ids: [{ type: "eu_vat", value: "DE123456789" }],
};
let db: TestDatabase;
let p: PrismaClient;

async function startCheckout(body: unknown) {
  const userId = await createUser(p);
  const { cookie } = await sessionCookie(p, userId);
  const res = await checkout.POST(
    new Request("http://localhost/api/billing/checkout", {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  expect(res.status).toBe(200);
  const { url } = (await res.json()) as { url: string };
  const request = fake.calls("POST", "/v1/checkout/sessions").at(-1)?.body ?? {};
  return { userId, sessionId: url.split("/").pop() ?? "", request };
}

const event = (type: string, object: Record<string, unknown>) =>
  buildEvent(type, object as StripeObject, unix(new Date()));

describe("Stripe Tax on checkout", () => {
  beforeAll(async () => {
    await fake.start();
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => {
    useTestModeEnv();
    await fake.stop();
    await db.cleanup();
  });

  it("is off by default", async () => {
    useFakeStripeEnv(fake.url);
    const { request } = await startCheckout({ packId: "small" });
    expect(request.automatic_tax).toBeUndefined();
    expect(request.tax_id_collection).toBeUndefined();
  });

  it("with STRIPE_AUTOMATIC_TAX=1, top-ups and subscriptions are taxed with address and tax id collected", async () => {
    useFakeStripeEnv(fake.url, { STRIPE_AUTOMATIC_TAX: "1" });
    for (const product of [{ packId: "small" }, { planId: "pro" }]) {
      const { request } = await startCheckout(product);
      expect(request).toMatchObject({
        automatic_tax: { enabled: "true" },
        billing_address_collection: "required",
        tax_id_collection: { enabled: "true" },
        customer_update: { address: "auto", name: "auto" },
      });
    }
  });

  it("a taxed top-up stores its tax, the rate's name from the expanded session, and the buyer", async () => {
    useFakeStripeEnv(fake.url, { STRIPE_AUTOMATIC_TAX: "1" });
    resetStripeForTests();
    const { userId, sessionId } = await startCheckout({ packId: "small" });
    const { session } = fake.paySession(sessionId);
    const taxed = {
      ...session,
      amount_subtotal: 500,
      amount_total: 595,
      customer_details: BUYER,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 95 },
    };
    // Stripe's copy has the breakdown when expanded; the webhook's does not.
    Object.assign(session, taxed, {
      total_details: {
        ...taxed.total_details,
        breakdown: { discounts: [], taxes: [{ amount: 95, rate: VAT_DE }] },
      },
    });
    await deliver(p, event("checkout.session.completed", taxed));
    const expanded = fake.calls("GET", `/v1/checkout/sessions/${sessionId}`);
    expect(expanded.length).toBeGreaterThanOrEqual(1);
    const payment = await p.payment.findFirstOrThrow({ where: { userId } });
    expect(payment).toMatchObject({
      amountMinor: 595n,
      taxMinor: 95n,
      currency: "usd",
      taxLabel: "VAT 19 % (DE)",
      buyerName: "Acme GmbH",
      buyerAddress: "Hauptstr. 1\n10115 Berlin\nDE",
      buyerCountry: "DE",
      buyerTaxId: "DE123456789",
    });
    const grant = await p.ledgerTransaction.findFirstOrThrow({
      where: { idempotencyKey: { contains: sessionId } },
    });
    expect(grant.metadata).toMatchObject({ amountMinor: "595", taxMinor: "95" });
  });

  it("a total that is not the price plus its tax is held for review", async () => {
    useFakeStripeEnv(fake.url, { STRIPE_AUTOMATIC_TAX: "1" });
    resetStripeForTests();
    const { userId, sessionId } = await startCheckout({ packId: "small" });
    const { session } = fake.paySession(sessionId);
    const wrong = {
      ...session,
      amount_total: 590,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 95, breakdown: { taxes: [] } },
    };
    await deliver(p, event("checkout.session.completed", wrong));
    expect(await p.payment.count({ where: { userId } })).toBe(0);
    expect(await p.checkoutIntent.findFirstOrThrow({ where: { userId } })).toMatchObject({
      status: "review",
    });
  });

  it("a taxed subscription invoice stores its tax and the rate named by Stripe", async () => {
    useFakeStripeEnv(fake.url, { STRIPE_AUTOMATIC_TAX: "1" });
    resetStripeForTests();
    fake.taxRates.set(VAT_DE.id, VAT_DE);
    const { userId, sessionId } = await startCheckout({ planId: "pro" });
    const paid = fake.paySession(sessionId);
    if (!paid.invoice) throw new Error("fake");
    Object.assign(paid.invoice, {
      amount_paid: 2380,
      amount_due: 2380,
      subtotal: 2000,
      total_excluding_tax: 2000,
      total: 2380,
      total_taxes: [{ amount: 380, tax_behavior: "exclusive", tax_rate_details: { tax_rate: VAT_DE.id } }],
      customer_name: BUYER.name,
      customer_address: BUYER.address,
      customer_tax_ids: BUYER.tax_ids,
    });
    await deliver(p, event("checkout.session.completed", paid.session));
    await deliver(p, event("invoice.paid", paid.invoice));
    expect(fake.calls("GET", `/v1/tax_rates/${VAT_DE.id}`).length).toBeGreaterThanOrEqual(1);
    expect(await p.payment.findFirstOrThrow({ where: { userId } })).toMatchObject({
      kind: "subscription",
      amountMinor: 2380n,
      taxMinor: 380n,
      taxLabel: "VAT 19 % (DE)",
      buyerName: "Acme GmbH",
      buyerTaxId: "DE123456789",
    });
  });
});
