// Email preferences in one journey: a new user's welcome mail (optional) carries an unsubscribe
// link; opened in a browser with no session it unsubscribes with one button, the account's Emails
// tab then shows that category off (security mail locked on), and it can be turned back on.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signInAsNewVerifiedUser } from "./pages/session";
import { uniqueIp } from "./support/accounts";
import { mailLink, pathOf } from "./support/mailbox";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("unsubscribe from the welcome mail's link, then turn it back on in account settings", async ({
  page,
  browser,
}) => {
  const email = await signInAsNewVerifiedUser(page);
  const link = await mailLink(page.request, email, "welcome", 15_000, /\/unsubscribe\?token=/);

  // The link works without signing in (a mail client's browser).
  const stranger = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const other = await stranger.newPage();
  await other.goto(pathOf(link));
  await expect(other.getByText(/Stop receiving welcome and product news emails/)).toBeVisible();
  const axe = await new AxeBuilder({ page: other }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  await other.getByRole("button", { name: "Unsubscribe from welcome and product news" }).click();
  await expect(other.getByRole("status")).toContainText("Done: you will no longer receive welcome");
  await stranger.close();

  await page.goto("/account/emails");
  const settingsAxe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(settingsAxe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  const product = page.getByRole("checkbox", { name: /Welcome and product news/ });
  await expect(product).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: /Security/ })).toBeDisabled();
  await expect(page.getByRole("checkbox", { name: /Security/ })).toBeChecked();
  await product.check();
  await expect(page.getByText("Welcome and product news: on. Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: /Welcome and product news/ })).toBeChecked();
});
