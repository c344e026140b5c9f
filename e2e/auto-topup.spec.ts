// Auto top-up in test mode: a verified user buys a pack (test mode's saved card), turns auto top-up
// on at /billing with a threshold above the balance, chats once — the reply's settlement crosses the
// threshold — and the auto-topup job's charge is credited through the webhook route: the balance
// rises by the pack and the billing page lists the charge as credited.
import { expect, test } from "@playwright/test";
import { E2E_CRON_SECRET } from "../playwright.config";
import { ChatPage } from "./pages/chat-page";
import { PricingPage } from "./pages/pricing-page";
import { signInAsNewVerifiedUser } from "./pages/session";
import { TestCheckoutPage } from "./pages/test-checkout-page";

test("auto top-up tops the balance up after a chat below the threshold", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAsNewVerifiedUser(page);
  const pricing = new PricingPage(page);
  await pricing.goto();
  await pricing.choose("small");
  const checkout = new TestCheckoutPage(page);
  await checkout.pay();
  await expect(checkout.balanceAfter()).toBeVisible();

  await page.goto("/billing#auto-topup");
  const form = page.getByRole("form", { name: "Auto top-up" });
  await form.getByRole("checkbox", { name: "Turn on auto top-up" }).check();
  await form.getByLabel("When available PT falls below").fill("100000000");
  await form.getByLabel("Buy").selectOption("small");
  await form.getByLabel("At most, per day").fill("1");
  await expect(form.getByTestId("auto-topup-summary")).toContainText("at most 1 time(s) a day");
  await form.getByRole("button", { name: "Save auto top-up" }).click();
  await expect(form.getByText("Saved: auto top-up is on.")).toBeVisible();

  const chat = new ChatPage(page);
  await chat.goto();
  await chat.send("Hello there");
  await expect(chat.charges().first()).toBeVisible({ timeout: 30_000 });
  const balance = async () =>
    BigInt(((await (await page.request.get("/api/pt/balance")).json()) as { available: string }).available);
  const afterChat = await balance();

  // The job runs every minute in process; an authorized cron call may run it sooner.
  const auth = { authorization: `Bearer ${E2E_CRON_SECRET}` };
  await expect
    .poll(
      async () => {
        await page.request.get("/api/cron/auto-topup", { headers: auth });
        return (await balance()) - afterChat;
      },
      { timeout: 120_000, intervals: [2_000, 5_000] },
    )
    .toBe(250_000n);

  await page.goto("/billing#auto-topup");
  await expect(page.getByRole("list", { name: "Latest auto top-ups" })).toContainText("Credited");
});
