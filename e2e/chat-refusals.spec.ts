// Refusals in the chat, as a person meets them: a refused message stays in the composer with the
// reason right beside it and how long to wait; Send is off, with the reason and what would help,
// when the estimate is more than today's cap leaves; a new visitor becomes a guest without a single
// 401; and a network that has started too many guests this hour is told when to come back.
import { expect, test } from "@playwright/test";
import { ChatPage } from "./pages/chat-page";
import { signInAsNewVerifiedUser } from "./pages/session";
import { uniqueIp } from "./support/accounts";

test("a message refused while another reply streams stays in the composer, with the wait beside it", async ({
  browser,
}) => {
  // Two tabs of one guest (one cookie): the free plan streams one reply at a time.
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });
  const first = await context.newPage();
  const tabA = new ChatPage(first);
  await tabA.goto();
  const second = await context.newPage();
  const tabB = new ChatPage(second);
  await tabB.goto();

  await tabA.input().fill("Explain double-entry bookkeeping in detail");
  await tabA.input().press("Enter");
  // The first reply is streaming (its slot taken), with a couple of seconds still to go.
  await expect(tabA.assistantMessages().first()).toContainText(/\w+/, { timeout: 30_000 });
  const text = "A second question while the first is answered";
  await tabB.input().fill(text);
  await tabB.input().press("Enter");

  const alert = second.getByTestId("refusal");
  await expect(alert).toContainText("at a time");
  await expect(second.getByTestId("retry-after")).toContainText(/You can send again (in \d+ s|now)/);
  await expect(tabB.input()).toHaveValue(text);
  // The reason sits just above the composer, on screen without scrolling.
  await expect(alert).toBeInViewport();
  await context.close();
});

test("Send is off when the estimate is more than today's cap leaves, with the reason and the way out", async ({
  page,
}) => {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": uniqueIp() });
  await signInAsNewVerifiedUser(page);
  const saved = await page.request.put("/api/chat/settings", { data: { dailyPtCap: "10" } });
  expect(saved.status()).toBe(200);
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.input().fill("How do I write a good SQL migration?");
  await expect(chat.estimate()).toContainText(/≈ [\d,]+ PT/);
  const send = page.getByRole("button", { name: "Send" });
  await expect(send).toBeDisabled();
  await expect(send).toHaveAccessibleDescription(/needs up to [\d,]+ PT; today's cap leaves 10 PT/);
  await chat.input().press("Enter");
  await expect(chat.input()).toHaveValue("How do I write a good SQL migration?");
  await page.locator("#send-block").getByRole("link", { name: "Daily cap settings" }).click();
  await expect(page).toHaveURL(/\/account\/chat$/);
});

test("a new visitor becomes a guest without any 401, and a sixth guest in an hour is told when to come back", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const ip = uniqueIp();
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ip } });
  const page = await context.newPage();
  const unauthorized: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 401) unauthorized.push(r.url());
  });
  await new ChatPage(page).goto();
  expect(unauthorized).toEqual([]);

  // Four more guests from the same network (the hourly limit is five), then a sixth visitor.
  for (let i = 0; i < 4; i++) {
    const visitor = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { "x-forwarded-for": ip },
    });
    expect((await visitor.post("/api/guest")).status()).toBe(201);
    await visitor.dispose();
  }
  const stranger = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ip } });
  const sixth = await stranger.newPage();
  await sixth.goto("/chat");
  await expect(sixth.getByTestId("guest-refused")).toContainText(/Try again in \d+ (min|s)/);
  await expect(sixth.getByRole("main").getByRole("link", { name: "Sign in" })).toBeVisible();
  await stranger.close();
  await context.close();
});
