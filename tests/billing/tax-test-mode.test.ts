// Taxes in test mode with STRIPE_AUTOMATIC_TAX=1, through the real routes and webhook (fetch routed
// to the route handler): the test checkout shows the demo rate (clearly labelled, not a real tax),
// asks for the billing address (422 without one, nothing claimed), and its signed events carry the
// tax in Stripe's fields; the payment stores subtotal + tax = total exactly, the buyer's details and
// the rate's label; five Pay clicks at once pay once; the billing page and our receipt show the tax
// with the operator identity as seller; the purchase mail gives the figures and the receipt link;
// a plan and its proration invoice are taxed too (the switch from the address given last).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { packProduct, planProduct } from "@/lib/billing/catalog";
import { receiptFor } from "@/lib/billing/receipts";
import { DEMO_TAX_LABEL, demoTaxMinor } from "@/lib/billing/tax";
import { renderEmail } from "@/lib/email/render";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { forgetOperatorSettings, writeOperatorOverrides } from "@/lib/settings/operator";
import { installAppDb, sessionCookie } from "@/tests/auth/helpers";
import { createUser, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const checkout = await import("@/app/api/billing/checkout/route");
const testCheckout = await import("@/app/api/billing/test-checkout/[sessionId]/route");
const overview = await import("@/app/api/billing/overview/route");
const webhook = await import("@/app/api/stripe/webhook/route");

let cookie = "";
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const request = (method: string, url: string, body?: unknown) =>
  new Request(`http://127.0.0.1:3999${url}`, {
    method,
    headers: body === undefined ? { cookie } : { "content-type": "application/json", cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const BILLING = {
  name: "Ada Buyer",
  line1: "1 Test Street",
  postalCode: "75001",
  city: "Paris",
  country: "fr",
  taxId: "FR12345678901",
};

let db: TestDatabase;
let p: PrismaClient;
const dataDir = mkdtempSync(path.join(tmpdir(), "billing-tax-"));

beforeAll(async () => {
  useTestModeEnv({ DATA_DIR: dataDir, STRIPE_AUTOMATIC_TAX: "1" });
  db = await createTestDatabase();
  p = db.prisma;
  installAppDb(p);
  vi.stubGlobal("fetch", async (input: URL | string, init?: RequestInit) =>
    webhook.POST(new Request(new URL(String(input)), init), ctx()),
  );
  await writeOperatorOverrides(
    p,
    {
      legalEntity: "Seller Test SAS",
      legalAddress: "5 Rue du Commerce\n75002 Paris\nFrance",
      vatId: "FR99999999999",
      supportEmail: "billing@seller.example",
    },
    "00000000-0000-0000-0000-000000000000",
  );
  forgetOperatorSettings();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  useTestModeEnv();
  forgetOperatorSettings();
  rmSync(dataDir, { recursive: true, force: true });
  await db.cleanup();
});

async function signIn(): Promise<string> {
  const userId = await createUser(p);
  cookie = (await sessionCookie(p, userId)).cookie;
  return userId;
}

async function buy(choice: Record<string, string>): Promise<string> {
  const res = await checkout.POST(request("POST", "/api/billing/checkout", choice), ctx());
  expect(res.status).toBe(200);
  return ((await res.json()) as { url: string }).url.split("/").pop() ?? "";
}

const pay = (sessionId: string, body?: unknown) =>
  testCheckout.POST(request("POST", `/api/billing/test-checkout/${sessionId}`, body), ctx({ sessionId }));

describe("taxes in test mode", () => {
  it("a top-up: demo tax shown, address required, paid once, stored exactly, on the billing page, receipt and mail", async () => {
    const userId = await signIn();
    const pack = packProduct("small");
    const tax = demoTaxMinor(pack.amountMinor);
    expect(tax).toBe(pack.amountMinor / 5n); // 20 %, exact here: 500 → 100
    const sessionId = await buy({ packId: "small" });
    const page = await testCheckout.GET(
      request("GET", `/api/billing/test-checkout/${sessionId}`),
      ctx({ sessionId }),
    );
    expect(await page.json()).toMatchObject({
      amount: "$5.00",
      tax: { label: DEMO_TAX_LABEL, amount: "$1.00", total: "$6.00" },
    });
    expect(DEMO_TAX_LABEL).toContain("not a real tax");

    // No address, or a bad one: 422 and the checkout stays payable (not claimed).
    expect((await pay(sessionId)).status).toBe(422);
    expect((await pay(sessionId, { billing: { ...BILLING, country: "France" } })).status).toBe(422);
    expect((await pay(sessionId, { billing: { ...BILLING, extra: 1 } })).status).toBe(422);
    expect(await p.checkoutIntent.findFirstOrThrow({ where: { userId } })).toMatchObject({
      status: "pending",
      claimedAt: null,
    });

    // Five clicks at once: one pays.
    const statuses = (
      await Promise.all(Array.from({ length: 5 }, () => pay(sessionId, { billing: BILLING })))
    ).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409, 409, 409, 409]);
    const payment = await p.payment.findFirstOrThrow({ where: { userId } });
    expect(payment).toMatchObject({
      amountMinor: pack.amountMinor + tax,
      taxMinor: tax,
      taxLabel: DEMO_TAX_LABEL,
      buyerName: "Ada Buyer",
      buyerAddress: "1 Test Street\n75001 Paris\nFR",
      buyerCountry: "FR",
      buyerTaxId: "FR12345678901",
    });
    expect(await p.payment.count({ where: { userId } })).toBe(1);
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(pack.pt);
    expect(await checkLedgerInvariants(p)).toEqual([]);

    const view = (await (await overview.GET(request("GET", "/api/billing/overview"), ctx())).json()) as {
      automaticTax: boolean;
      seller: Record<string, string>;
      payments: Record<string, string>[];
    };
    expect(view.automaticTax).toBe(true);
    expect(view.seller).toMatchObject({ legalEntity: "Seller Test SAS", vatId: "FR99999999999" });
    expect(view.payments[0]).toMatchObject({
      amountMinor: String(pack.amountMinor + tax),
      taxMinor: String(tax),
      taxLabel: DEMO_TAX_LABEL,
      receiptUrl: `/billing/receipts/${payment.id}`,
    });

    const receipt = await receiptFor(p, { userId, paymentId: payment.id });
    expect(receipt.amounts.subtotalMinor + receipt.amounts.taxMinor).toBe(receipt.amounts.totalMinor);
    expect(receipt).toMatchObject({
      subtotal: "$5.00",
      tax: "$1.00",
      total: "$6.00",
      taxLabel: DEMO_TAX_LABEL,
      testMode: true,
      buyer: { name: "Ada Buyer", taxId: "FR12345678901", country: "FR" },
      seller: { legalEntity: "Seller Test SAS", legalAddress: "5 Rue du Commerce\n75002 Paris\nFrance" },
    });
    // Another user's payment is not found.
    const other = await createUser(p);
    await expect(receiptFor(p, { userId: other, paymentId: payment.id })).rejects.toMatchObject({
      code: "not_found",
    });

    const mail = await p.emailOutbox.findFirstOrThrow({
      where: { userId, dedupeKey: { startsWith: "purchase:" } },
    });
    expect(mail.template).toBe("purchase-receipt");
    expect(mail.data).toMatchObject({ amountMinor: "600", taxMinor: "100", taxLabel: DEMO_TAX_LABEL });
    const rendered = renderEmail("purchase-receipt", mail.data);
    expect(rendered.text).toMatch(/Subtotal\W+\$5\.00/);
    expect(rendered.text).toContain(`${DEMO_TAX_LABEL}`);
    expect(rendered.text).toMatch(/Total paid\W+\$6\.00/);
    expect((mail.data as { receiptUrl: string }).receiptUrl).toMatch(
      new RegExp(`/billing/receipts/${payment.id}$`),
    );
  });

  it("a plan is taxed on its invoice, and a switch's proration invoice from the address given last", async () => {
    const userId = await signIn();
    const sessionId = await buy({ planId: "pro" });
    expect((await pay(sessionId, { billing: BILLING })).status).toBe(200);
    const pro = planProduct("pro");
    const first = await p.payment.findFirstOrThrow({ where: { userId, kind: "subscription" } });
    expect(first).toMatchObject({
      amountMinor: pro.amountMinor + demoTaxMinor(pro.amountMinor),
      taxMinor: demoTaxMinor(pro.amountMinor),
      taxLabel: DEMO_TAX_LABEL,
      buyerTaxId: "FR12345678901",
    });

    const res = await checkout.POST(request("POST", "/api/billing/checkout", { planId: "max" }), ctx());
    expect(await res.json()).toMatchObject({ switched: true });
    const payments = await p.payment.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
    expect(payments).toHaveLength(2);
    const net = planProduct("max").amountMinor - pro.amountMinor;
    expect(payments[1]).toMatchObject({
      amountMinor: net + demoTaxMinor(net),
      taxMinor: demoTaxMinor(net),
      buyerName: "Ada Buyer",
      buyerAddress: "1 Test Street\n75001 Paris\nFR",
      buyerTaxId: "FR12345678901",
    });
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });
});
