// Finding the chat: the landing page, the header (guests and users) and the account menu link to
// /chat; signing in returns to the page the visitor was on (a same-origin path only), else /chat.
import { expect, test } from "@playwright/test";
import { SignInPage, SiteHeader } from "./pages/auth-pages";
import { PASSWORD, signUpApi, uniqueEmail, uniqueIp, verifyApi } from "./support/accounts";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("a guest finds the chat from the landing page and the header", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: /Start chatting/ }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await page.goto("/pricing");
  const header = new SiteHeader(page);
  await header.chatLink().click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
});

test("sign-in returns to where the visitor was, and never off-site", async ({ page }) => {
  const email = uniqueEmail("nav");
  await signUpApi(page.request, email);
  await verifyApi(page.request, email);
  await page.context().clearCookies({ name: /^(?!lc_consent$)/ }); // all but the cookie-consent choice

  // From the pricing page, the header's Sign in carries the way back.
  await page.goto("/pricing");
  const header = new SiteHeader(page);
  await header.signInLink().click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fpricing$/);
  await new SignInPage(page).signIn(email, PASSWORD);
  await expect(page).toHaveURL(/\/pricing$/);

  // The account menu leads to the chat too.
  const menu = await header.openAccountMenu();
  await menu.getByRole("link", { name: "Chat" }).click();
  await expect(page).toHaveURL(/\/chat$/);

  // An off-site callbackUrl is ignored: signed in, the sign-in page sends to the chat.
  await page.goto("/sign-in?callbackUrl=https%3A%2F%2Fevil.example%2F");
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/chat$/);
  await page.goto("/sign-in?next=%2F%5Cevil.example");
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/chat$/);
});
