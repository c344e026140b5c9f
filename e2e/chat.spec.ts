// The chat journey in Chromium against the production build, on the demo model: the estimate
// before sending, the exact charge after, the balance dropping by exactly that charge, stopping a
// reply midway (billed for what was shown), finding the conversation again after a reload, and on a
// phone: the conversations in a drawer, and a deletion that asks first.
// The visitor is a guest: the chat page calls POST /api/guest on its first 401 (trial PT).
import { expect, test } from "@playwright/test";
import { ChatPage } from "./pages/chat-page";

test("send, see estimate and charge, balance drops by exactly the charge, reload finds it", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  await chat.goto();
  const before = await chat.balancePt();
  expect(before).toBeGreaterThan(0n);

  await chat.input().fill("How do I write a good SQL migration?");
  await expect(chat.estimate()).toContainText(/≈ [\d,]+ PT/);
  const estimated = BigInt(
    (/≈ ([\d,]+) PT/.exec((await chat.estimate().textContent()) ?? "")?.[1] ?? "0").replaceAll(",", ""),
  );
  expect(estimated).toBeGreaterThan(0n);

  await chat.input().press("Enter");
  await expect(chat.assistantMessages().first()).toContainText("demo model", { timeout: 30_000 });
  await expect(chat.charges().first()).toBeVisible();
  const charged = BigInt((await chat.charges().first().getAttribute("data-pt")) ?? "NaN");
  expect(charged).toBeGreaterThan(0n);
  expect(charged).toBeLessThanOrEqual(estimated);
  await expect(chat.balance()).toHaveAttribute("data-pt", String(before - charged));
  await expect(chat.charges().first()).toHaveText(`−${charged.toLocaleString("en-US")} PT`);

  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const url = page.url();
  await page.reload();
  await chat.balance().waitFor();
  await expect(chat.assistantMessages().first()).toContainText("demo model");
  await expect(chat.charges().first()).toHaveAttribute("data-pt", String(charged));
  await expect(chat.conversationLinks().first()).toHaveText("How do I write a good SQL migration?");
  expect(page.url()).toBe(url);
});

test("stop a reply midway: billed for what was shown, balance drops by exactly that", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  const before = await chat.balancePt();
  await chat.input().fill("Explain double-entry bookkeeping in detail");
  await chat.input().press("Enter");
  await expect(chat.stopButton()).toBeVisible();
  // Wait for the reply's first list item (about 15 tokens in, so the charge cannot round to 0 PT,
  // with the reply's last paragraph still seconds away), then stop with Esc.
  await expect(chat.assistantMessages().first()).toContainText("Clarify the goal", { timeout: 30_000 });
  await page.keyboard.press("Escape");
  await expect(chat.stopButton()).toBeHidden();
  await expect(chat.charges().first()).toBeVisible({ timeout: 15_000 });
  // A stopped reply is settled on the server after the stream ends: poll until its charge arrives.
  const chargeOf = async () => BigInt((await chat.charges().first().getAttribute("data-pt")) ?? "0");
  await expect.poll(chargeOf, { timeout: 15_000 }).toBeGreaterThan(0n);
  const charged = await chargeOf();
  await expect(page.getByText("Stopped")).toBeVisible();
  await expect(chat.balance()).toHaveAttribute("data-pt", String(before - charged));
  // The reply as shown, without the Regenerate button's estimate (it appears once that loads).
  const replyText = async () =>
    ((await chat.assistantMessages().first().textContent()) ?? "")
      .trim()
      .replace(/\s*·\s*≈\s*[\d,]+\s*PT$/, "");
  const shown = await replyText();
  expect(shown).not.toContain("This reply comes from Ledgerchat's built-in demo model");

  // The live view of the stopped reply is what was saved and billed: the reload shows the same.
  await page.reload();
  await chat.balance().waitFor();
  await expect(chat.charges().first()).toHaveAttribute("data-pt", String(charged));
  await expect.poll(replyText).toBe(shown);
});

test("on a phone the chats open as a drawer, and deleting one asks first", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  const chat = new ChatPage(page);
  await chat.goto();
  const title = "Keep this conversation";
  await chat.input().fill(title);
  await chat.input().press("Enter");
  await expect(chat.charges().first()).toBeVisible({ timeout: 30_000 });
  // The chat column has the width: the list is off screen until asked for.
  await expect(chat.sidebar()).toBeHidden();
  await chat.chatsButton().click();
  await expect(chat.sidebar()).toBeVisible();
  await expect(chat.conversationLinks().first()).toHaveText(title);

  // Delete asks first; Cancel keeps the conversation, and Esc closes the drawer.
  await chat.deleteButton(title).click();
  await expect(chat.deleteConfirmation()).toContainText(`Delete “${title}”?`);
  await chat.deleteConfirmation().getByRole("button", { name: "Cancel" }).click();
  await expect(chat.conversationLinks().first()).toHaveText(title);
  await page.keyboard.press("Escape");
  await expect(chat.sidebar()).toBeHidden();

  // Confirmed, it is gone, and so is the page of the conversation it was showing.
  await chat.chatsButton().click();
  await chat.deleteButton(title).click();
  await chat.deleteConfirmation().getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await chat.balance().waitFor();
  await chat.chatsButton().click();
  await expect(page.getByText("No chats yet.")).toBeVisible();
});
