// /account/usage: the empty state of a new user, then after one chat message the page's total
// equals the charge shown in the chat, and the usage CSV download carries the same PT.
import { expect, test } from "@playwright/test";
import { ChatPage } from "./pages/chat-page";
import { signInAsNewVerifiedUser } from "./pages/session";

test("usage page: empty for a new user, then the charge of a message by day and by model, CSV alike", async ({
  page,
}) => {
  await signInAsNewVerifiedUser(page);
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Usage" }).click();
  await expect(page).toHaveURL(/\/account\/usage$/);
  await expect(page.getByTestId("usage-empty")).toContainText("No usage yet");

  const chat = new ChatPage(page);
  await chat.goto();
  await chat.input().fill("Tell me about ledgers");
  await chat.input().press("Enter");
  await expect(chat.charges().first()).toBeVisible({ timeout: 30_000 });
  const charged = BigInt((await chat.charges().first().getAttribute("data-pt")) ?? "NaN");

  await page.goto("/account/usage");
  await expect(page.getByTestId("usage-empty")).toHaveCount(0);
  await expect(page.getByTestId("usage-current-total")).toHaveText(`${charged.toLocaleString("en-US")} PT`);
  await expect(page.getByTestId("current-by-day")).toBeVisible();
  await expect(page.getByTestId("model-pt").first()).toHaveText(`${charged.toLocaleString("en-US")} PT`);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download usage CSV" }).click();
  const file = await download;
  const text = await (await page.request.get("/api/pt/usage.csv")).text();
  expect(file.suggestedFilename()).toBe("pt-usage.csv");
  const rows = text.trimEnd().split("\r\n").slice(1);
  expect(rows.reduce((s, r) => s + BigInt(r.split(",")[3] ?? "x"), 0n)).toBe(charged);
});
