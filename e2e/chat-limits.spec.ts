// The daily PT cap form on /account/chat: reached from the account nav and from the chat page's
// balance bar; the API's validation shows inline on the field; a saved cap survives a reload and
// is the cap the chat page then works under; removing it restores the plan's cap.
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

test("the settings API refuses a visitor without an account", async ({ request }) => {
  const response = await request.put("/api/chat/settings", { data: { dailyPtCap: "100" } });
  expect(response.status()).toBe(401);
});
