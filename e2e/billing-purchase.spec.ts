// A verified user buys a top-up in test mode: pricing → test checkout → Pay → success page, and
// GET /api/pt/balance rises by exactly the pack's PT.
import { expect, test } from "@playwright/test";
import { PricingPage } from "./pages/pricing-page";
import { signInAsNewVerifiedUser } from "./pages/session";
import { TestCheckoutPage } from "./pages/test-checkout-page";

test("buy a top-up in test mode and see the balance", async ({ page }) => {
  await signInAsNewVerifiedUser(page);
  const before = BigInt(
    ((await (await page.request.get("/api/pt/balance")).json()) as { available: string }).available,
  );
  const pricing = new PricingPage(page);
  await pricing.goto();
  await pricing.choose("small");
  await expect(page).toHaveURL(/\/billing\/test-checkout\/cs_test_local_/);
  const checkout = new TestCheckoutPage(page);
  await expect(checkout.label()).toBeVisible();
  await checkout.pay();
  await expect(page).toHaveURL(/\/billing\/success\?session_id=/);
  await expect(checkout.balanceAfter()).toBeVisible();
  const after = BigInt(
    ((await (await page.request.get("/api/pt/balance")).json()) as { available: string }).available,
  );
  expect(after - before).toBe(250_000n);
});
