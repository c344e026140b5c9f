// A guest chats, signs up, keeps the conversation: a new visitor chats on the demo model with trial
// PT, signs up from the chat page's link in the same browser, verifies through the dev mailbox,
// signs in again, and finds the conversation (messages and charge) under the account, with the
// rest of the trial moved to the user's ledger as a 'trial' grant.
import { expect, test } from "@playwright/test";
import { SignInPage, SignUpPage, SiteHeader } from "./pages/auth-pages";
import { ChatPage } from "./pages/chat-page";
import { DevMailPage } from "./pages/dev-mail-page";
import { PASSWORD, uniqueEmail, uniqueIp } from "./support/accounts";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

type Balance = { available: string; grants: { source: string; remaining: string }[] };

test("a guest chats, signs up, keeps the conversation and the trial PT left", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const question = "What is a double-entry ledger?";

  // As a guest: chat, see the charge, the balance drops by it.
  const chat = new ChatPage(page);
  await chat.goto();
  await expect(page.getByText(/^Guest trial · today/)).toBeVisible();
  const trial = await chat.balancePt();
  expect(trial).toBeGreaterThan(0n);
  await chat.input().fill(question);
  await chat.input().press("Enter");
  await expect(chat.assistantMessages().first()).toContainText("demo model", { timeout: 30_000 });
  await expect(chat.charges().first()).toBeVisible();
  const charged = BigInt((await chat.charges().first().getAttribute("data-pt")) ?? "NaN");
  expect(charged).toBeGreaterThan(0n);
  await expect(chat.balance()).toHaveAttribute("data-pt", String(trial - charged));
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const conversationUrl = new URL(page.url()).pathname;
  // The reply as shown, without the Regenerate button's estimate (it appears once that loads).
  const shown = (text: string | null) => (text ?? "").trim().replace(/\s*·\s*≈\s*[\d,]+\s*PT$/, "");
  const reply = shown(await chat.assistantMessages().first().textContent());

  // Sign up from the chat page, in the same browser (the guest cookie goes with the request).
  await page.getByRole("link", { name: "Sign up to keep this chat" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await expect(page.getByText("Your guest chats and remaining trial PT come with you.")).toBeVisible();
  const email = uniqueEmail("guest-convert");
  const signUp = new SignUpPage(page);
  await signUp.fill(email, PASSWORD);
  await signUp.submit();
  await expect(page).toHaveURL(/\/account\?welcome=1&next=%2Fchat$/);

  await new DevMailPage(page).verifyEmail(email);

  // Sign out and back in: what follows belongs to the account, not to a leftover guest cookie.
  await page.goto("/account");
  await new SiteHeader(page).signOut();
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }),
  ).toBeVisible();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, PASSWORD);
  await expect(page).toHaveURL(/\/chat$/);

  // The same conversation, in the sidebar, with its messages and charge.
  await chat.goto("/chat");
  await expect(page.getByText(/^free plan · today/i)).toBeVisible();
  await expect(chat.conversationLinks()).toHaveCount(1);
  await expect(chat.conversationLinks().first()).toHaveText(question);
  await chat.conversationLinks().first().click();
  await expect(page).toHaveURL(new RegExp(`${conversationUrl}$`));
  await expect(page.getByText(question, { exact: true }).last()).toBeVisible();
  await expect(chat.assistantMessages().first()).toContainText("demo model");
  // Markdown renders once its chunk has loaded: poll until the reply reads as it did when streamed.
  await expect.poll(async () => shown(await chat.assistantMessages().first().textContent())).toBe(reply);
  await expect(chat.charges().first()).toHaveAttribute("data-pt", String(charged));

  // The trial remainder is now a 'trial' grant on the user's ledger (a Free allowance may sit beside it).
  const balance = (await (await page.request.get("/api/pt/balance")).json()) as Balance;
  const trialGrants = balance.grants.filter((g) => g.source === "trial");
  expect(trialGrants.map((g) => g.remaining)).toEqual([String(trial - charged)]);
  expect(BigInt(balance.available)).toBeGreaterThanOrEqual(trial - charged);
  await expect(chat.balance()).toHaveAttribute("data-pt", balance.available);

  // Another visitor (a new guest) cannot open it.
  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });
  const stranger = await other.newPage();
  await new ChatPage(stranger).goto(conversationUrl);
  await expect(stranger.getByText("This conversation does not exist or was deleted.")).toBeVisible();
  await other.close();
});
