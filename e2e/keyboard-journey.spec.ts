// The newcomer's whole journey with the keyboard alone — guest chat, sign-up, verification through
// the mailbox, a top-up in the test checkout, back to the chat — reaching every control with Tab
// and using it with Enter, Space or typing. No clicks.
import { expect, type Locator, type Page, test } from "@playwright/test";
import { ChatPage } from "./pages/chat-page";
import { PASSWORD, uniqueEmail, uniqueIp } from "./support/accounts";
import { mailLink } from "./support/mailbox";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

/** Tabs forward until `target` has the focus (it must be reachable within `max` presses). */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test("guest chat → sign-up → verify → top-up → chat, with the keyboard alone", async ({ page }) => {
  await page.goto("/");
  await tabTo(page, page.getByRole("link", { name: "Start chatting" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/chat$/);

  const chat = new ChatPage(page);
  await chat.balance().waitFor();
  const question = "Plan a keyboard-only release checklist";
  await tabTo(page, chat.input());
  await page.keyboard.type(question);
  await page.keyboard.press("Enter");
  await expect(chat.charges().first()).toBeVisible({ timeout: 30_000 });

  await tabTo(page, page.getByRole("link", { name: "Sign up to keep this chat" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sign-up$/);
  const email = uniqueEmail("keyboard");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type(PASSWORD);
  const accept = page.getByRole("checkbox", { name: /I accept the Terms of Service/ });
  await tabTo(page, accept);
  await page.keyboard.press("Space");
  await expect(accept).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Create account" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/account\?welcome=1/);

  // The mailbox is another application: open it, then follow the link by keyboard.
  const link = await mailLink(page.request, email, "verify-email");
  await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
  await tabTo(page, page.locator(`a[href="${link}"]`).first());
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/verify-email\?token=/);
  await tabTo(page, page.getByRole("button", { name: "Verify my email address" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: `${email} is verified` })).toBeVisible();

  const nav = page.getByRole("navigation", { name: "Main" });
  await tabTo(page, nav.getByRole("link", { name: "Pricing" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/pricing$/);
  await tabTo(page, page.getByRole("button", { name: "Buy small top-up" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/billing\/test-checkout\//);
  await tabTo(page, page.getByRole("button", { name: /^Pay .* \(test\)$/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("balance-after")).toBeVisible();

  await tabTo(page, nav.getByRole("link", { name: "Chat", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/chat$/);
  await expect(chat.conversationLinks().first()).toHaveText(question);
});
