// The daily PT cap form on /account/chat: reached from the account nav and from the chat page's
// balance bar; the API's validation shows inline on the field; a saved cap survives a reload and
// is the cap the chat page then works under; removing it restores the plan's cap. The monthly
// budget section: saved, shown, enforced by the chat's Send, removed after a confirmation.
import { expect, test } from "@playwright/test";
import { ChatLimitsPage } from "./pages/chat-limits-page";
import { ChatPage } from "./pages/chat-page";
import { signInAsNewVerifiedUser } from "./pages/session";
import { uniqueIp } from "./support/accounts";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("set a daily cap below the plan's, see it saved after reload, then remove it", async ({ page }) => {
  await signInAsNewVerifiedUser(page);
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Chat limits" }).click();
  await expect(page).toHaveURL(/\/account\/chat$/);
  const limits = new ChatLimitsPage(page);
  await expect(limits.planCap()).toHaveText("20,000 PT");
  await expect(limits.ownCap()).toHaveText("None");
  await expect(limits.spentToday()).toHaveText("0 PT");

  // The API's field errors, shown on the field and announced through its description.
  await limits.setCap("0");
  await expect(limits.capInput()).toHaveAttribute("aria-invalid", "true");
  await expect(limits.capInput()).toHaveAccessibleDescription(/at least 1/);
  await limits.setCap("25000");
  await expect(limits.capInput()).toHaveAccessibleDescription(/At most your plan's cap of 20,000 PT/);
  await expect(limits.ownCap()).toHaveText("None");
  // Text the number input cannot parse is an error, not a silent "clear my cap".
  await limits.capInput().fill("");
  await limits.capInput().pressSequentially("-");
  await page.getByRole("button", { name: "Save cap" }).click();
  await expect(limits.capInput()).toHaveAccessibleDescription(/at least 1/);

  // Keyboard only: type, then Enter submits.
  await limits.capInput().fill("1500");
  await limits.capInput().press("Enter");
  await expect(limits.status()).toHaveText("Saved: your daily cap is 1,500 PT.");
  await expect(limits.capInput()).not.toHaveAttribute("aria-invalid", "true");
  await page.reload();
  await expect(limits.ownCap()).toHaveText("1,500 PT");
  await expect(limits.capInput()).toHaveValue("1500");
  const saved = (await (await page.request.get("/api/chat/settings")).json()) as Record<string, string>;
  expect(saved.userDailyPtCap).toBe("1500");
  expect(saved.dailyPtCap).toBe("1500");

  // The chat page works under the new cap and links back to the settings.
  const chat = new ChatPage(page);
  await chat.goto();
  await expect(page.getByText("today 0 PT of 1,500 PT")).toBeVisible();
  await page.getByRole("link", { name: "Daily cap settings" }).click();
  await expect(page).toHaveURL(/\/account\/chat$/);

  await limits.removeCap();
  await expect(limits.status()).toHaveText("Saved: your plan's cap applies.");
  await page.reload();
  await expect(limits.ownCap()).toHaveText("None");
  await expect(limits.capInput()).toHaveValue("");
});

test("a monthly budget with a hard stop: saved with its money value, shown as a bar, stops Send, removed after a confirmation", async ({
  page,
}) => {
  await signInAsNewVerifiedUser(page);
  const limits = new ChatLimitsPage(page);
  await limits.goto();
  const budget = page.getByRole("region", { name: "Monthly budget" });
  await expect(budget.getByText("No budget set.")).toBeVisible();
  const amount = budget.getByLabel("Monthly budget (PT)");
  await amount.fill("250000");
  await expect(amount).toHaveAccessibleDescription(/\$2\.50 at list price/);
  await budget.getByRole("checkbox", { name: /Hard stop at 100\s%/ }).check();
  await amount.press("Enter");
  await expect(budget.getByRole("status")).toHaveText(
    "Saved: your monthly budget is 250,000 PT, with a hard stop.",
  );
  await expect(budget.getByTestId("budget-amount")).toHaveText("250,000 PT");
  await expect(budget.getByRole("meter", { name: "This month's usage of the budget" })).toHaveAttribute(
    "aria-valuetext",
    "0% (0 of 250,000 PT)",
  );

  // A budget of 1 PT with its hard stop: the chat turns Send off and links the budget.
  await amount.fill("1");
  await amount.press("Enter");
  await expect(budget.getByRole("status")).toContainText("1 PT, with a hard stop");
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.input().fill("Hello there");
  const send = page.getByRole("button", { name: "Send" });
  await expect(send).toBeDisabled();
  await expect(send).toHaveAccessibleDescription(/your monthly budget's hard stop leaves 1 PT/);
  await page.locator("#send-block").getByRole("link", { name: "Budget settings" }).click();
  await expect(page).toHaveURL(/\/account\/chat#budget$/);

  // Removing asks first; "Keep it" keeps it.
  await budget.getByRole("button", { name: "Remove budget" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove your monthly budget?" });
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  await expect(budget.getByTestId("budget-amount")).toHaveText("1 PT");
  await budget.getByRole("button", { name: "Remove budget" }).click();
  await dialog.getByRole("button", { name: "Remove budget" }).click();
  await expect(budget.getByRole("status")).toHaveText("Budget removed.");
  await page.reload();
  await expect(budget.getByText("No budget set.")).toBeVisible();
});

test("the settings API refuses a visitor without an account", async ({ request }) => {
  const response = await request.put("/api/chat/settings", { data: { dailyPtCap: "100" } });
  expect(response.status()).toBe(401);
});
