// Billing in Chromium on the embedded defaults (test mode): the pricing page, refusals for
// signed-out visitors, and the webhook's signature check over real HTTP.
import { expect, test } from "@playwright/test";
import { PricingPage } from "./pages/pricing-page";

test("pricing lists plans and packs with prices, what they unlock, and the PT rule of thumb", async ({
  page,
}) => {
  const pricing = new PricingPage(page);
  expect((await pricing.goto())?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pricing");
  // The same figure as the model picker shows for the model a new visitor chats with.
  await expect(page.getByText(/a typical message costs about [\d,]+ PT on Demo/)).toBeVisible();
  await expect(page.getByText(/Test mode: checkout uses a built-in test page/)).toBeVisible();
  await expect(pricing.plan("pro")).toContainText("$20.00");
  await expect(pricing.plan("pro")).toContainText("1,000,000 PT every month");
  await expect(pricing.plan("max")).toContainText("Models: free, pro, max tier");
  await expect(pricing.plan("free")).toContainText("Included with every account");
  await expect(pricing.pack("small")).toContainText("250,000 PT");
  await expect(pricing.pack("large")).toContainText("$50.00");
});

test("a signed-out visitor who clicks buy is sent to sign in; billing asks them to sign in", async ({
  page,
}) => {
  const pricing = new PricingPage(page);
  await pricing.goto();
  await pricing.choose("small");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fpricing$/);
  await page.goto("/billing");
  await expect(page.getByText("to see your plan and balance.")).toBeVisible();
});

test("the webhook refuses unsigned and forged deliveries over HTTP; the catalog API answers", async ({
  request,
}) => {
  const body = JSON.stringify({
    id: "evt_e2e",
    object: "event",
    type: "invoice.paid",
    created: 1,
    livemode: false,
    data: { object: { id: "in_1", object: "invoice" } },
  });
  const unsigned = await request.post("/api/stripe/webhook", {
    data: body,
    headers: { "content-type": "application/json" },
  });
  expect(unsigned.status()).toBe(400);
  const t = Math.floor(Date.now() / 1000);
  const forged = await request.post("/api/stripe/webhook", {
    data: body,
    headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${"a".repeat(64)}` },
  });
  expect(forged.status()).toBe(400);
  expect(await forged.json()).toMatchObject({ error: { code: "webhook_signature_invalid" } });
  const plans = await request.get("/api/billing/plans");
  expect(await plans.json()).toMatchObject({
    currency: "usd",
    testMode: true,
    plans: [{ id: "free" }, { id: "pro" }, { id: "max" }],
  });
});
