// Stripe Tax (STRIPE_AUTOMATIC_TAX=1): the Checkout session asks Stripe to compute tax and collects
// the billing address and tax id (saved on the customer for later invoices); off by default.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkout from "@/app/api/billing/checkout/route";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createUser, PRICES, useFakeStripeEnv, useTestModeEnv } from "@/tests/billing/helpers";
import { FakeStripe } from "@/tests/fakes/stripe-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const fake = new FakeStripe({
  [PRICES.pro]: { amount: 2000, currency: "usd", recurring: true },
  [PRICES.small]: { amount: 500, currency: "usd", recurring: false },
});
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
  return fake.calls("POST", "/v1/checkout/sessions").at(-1)?.body ?? {};
}

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
    const body = await startCheckout({ packId: "small" });
    expect(body.automatic_tax).toBeUndefined();
    expect(body.tax_id_collection).toBeUndefined();
  });

  it("with STRIPE_AUTOMATIC_TAX=1, top-ups and subscriptions are taxed with address and tax id collected", async () => {
    useFakeStripeEnv(fake.url, { STRIPE_AUTOMATIC_TAX: "1" });
    for (const product of [{ packId: "small" }, { planId: "pro" }]) {
      const body = await startCheckout(product);
      expect(body).toMatchObject({
        automatic_tax: { enabled: "true" },
        billing_address_collection: "required",
        tax_id_collection: { enabled: "true" },
        customer_update: { address: "auto", name: "auto" },
      });
    }
  });
});
