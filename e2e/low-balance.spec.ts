// The low-balance alert: set on /account/chat (kept after a reload), a chat whose charge leaves the
// balance below it fires it once (GET /api/account/low-balance shows when), then turned off.
import { expect, test } from "@playwright/test";
import { ChatPage } from "./pages/chat-page";
import { signInAsNewVerifiedUser } from "./pages/session";

test("set a low-balance alert, cross it in chat, turn it off", async ({ page }) => {
  await signInAsNewVerifiedUser(page);
  await page.goto("/account/chat#low-balance");
  const form = page.getByRole("form", { name: "Low-balance alert" });
  await form.getByLabel("Alert below (PT)").fill("1000000000");
  await form.getByRole("button", { name: "Save alert" }).click();
  await expect(
    form.getByText("Saved: you are told when less than 1,000,000,000 PT is available."),
  ).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("form", { name: "Low-balance alert" }).getByLabel("Alert below (PT)"),
  ).toHaveValue("1000000000");

  const chat = new ChatPage(page);
  await chat.goto();
  await chat.send("Hello there");
  await expect(chat.charges().first()).toBeVisible({ timeout: 30_000 });
  const setting = (await (await page.request.get("/api/account/low-balance")).json()) as {
    firedAt: string | null;
  };
  expect(setting.firedAt).not.toBeNull();

  await page.goto("/account/chat#low-balance");
  await page
    .getByRole("form", { name: "Low-balance alert" })
    .getByRole("button", { name: "Turn off" })
    .click();
  await expect(page.getByText("Saved: the low-balance alert is off.")).toBeVisible();
});
