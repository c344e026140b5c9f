// The whole journey in Chromium: landing → sign up → verification mail in /dev/mail → verify →
// enable 2FA (code computed here) → sign out → sign in with 2FA → revoke the other session.
import { expect, test } from "@playwright/test";
import { generate } from "otplib";
import { SecurityPage, SignInPage, SignUpPage, SiteHeader } from "./pages/auth-pages";
import { PASSWORD, uniqueEmail, uniqueIp } from "./support/accounts";
import { acceptTermsWhenAsked, saveAdminSecret } from "./support/admin";
import { mailLink, pathOf } from "./support/mailbox";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("a new user reaches a verified, 2FA-protected account and revokes another session", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("journey");
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });

  await page.goto("/");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  const signUp = new SignUpPage(page);
  await signUp.fill(email, "password1");
  await signUp.submit();
  await expect(page.getByRole("form", { name: "Sign up" }).getByRole("alert")).toContainText(/common/);
  await signUp.fill(email, PASSWORD, "Jo");
  await signUp.submit();
  await expect(page).toHaveURL(/\/account\?welcome=1&next=%2Fchat$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByText(/not verified/)).toBeVisible();

  // The verification mail, read in the dev mailbox, then the link's confirm button.
  const link = await mailLink(request, email, "verify-email");
  await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
  await page.locator(`a[href="${link}"]`).first().click();
  await expect(page).toHaveURL(/\/verify-email\?token=/);
  await page.getByRole("button", { name: "Verify my email address" }).click();
  await expect(page.getByRole("status")).toContainText(`${email} is verified`);
  await page.goto("/account");
  await expect(page.getByText("verified", { exact: true })).toBeVisible();

  // Two-factor setup with a code computed from the shown key.
  const security = new SecurityPage(page);
  await security.goto();
  await security.startTwoFactor(PASSWORD);
  await expect(security.qrImage()).toHaveAttribute("src", /^data:image\/png;base64,/);
  const secret = (await security.secret().textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await security.confirmCode(await generate({ secret }));
  await expect(security.recoveryCodes()).toHaveCount(10);
  const recoveryCode = (await security.recoveryCodes().first().textContent()) ?? "";
  // The codes can be downloaded (and copied) instead of written down by hand.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download .txt" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("ledgerchat-recovery-codes.txt");
  const { readFile } = await import("node:fs/promises");
  const saved = await readFile((await download.path()) ?? "", "utf8");
  expect(saved).toContain(recoveryCode);
  expect(saved.match(/^[a-z2-9]{5}-[a-z2-9]{5}$/gm)).toHaveLength(10);
  await expect(page.getByRole("button", { name: "Copy codes" })).toBeVisible();

  // Sign out, then sign in again: password, then the next TOTP code (the current one is spent).
  await new SiteHeader(page).signOut();
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }),
  ).toBeVisible();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, PASSWORD);
  await expect(signIn.codeField()).toBeVisible();
  await signIn.submitCode("000000");
  await expect(signIn.error()).toContainText(/not valid/);
  await signIn.submitCode(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  // Sign-in without a page to return to lands in the chat.
  await expect(page).toHaveURL(/\/chat$/);

  // A second browser signs in with a recovery code; the first revokes it.
  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });
  const otherPage = await other.newPage();
  const otherSignIn = new SignInPage(otherPage);
  await otherSignIn.goto();
  await otherSignIn.signIn(email, PASSWORD);
  await otherSignIn.submitCode(recoveryCode);
  await expect(otherPage).toHaveURL(/\/chat$/);

  await security.goto();
  await expect(security.sessions()).toHaveCount(2);
  const otherRow = security.sessions().filter({ hasNotText: "This device" });
  await otherRow.getByRole("button", { name: "Sign out" }).click();
  await expect(security.sessions()).toHaveCount(1);
  await expect(security.sessions().first()).toContainText("This device");

  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/sign-in\?next=%2Faccount$/);
  await other.close();
  expect(violations).toEqual([]);
});

test("an admin without 2FA is sent to set it up before any admin page works", async ({ page, request }) => {
  test.setTimeout(90_000);
  await acceptTermsWhenAsked(page);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin$/);

  // The seeded admin's password was printed once at first start; take the account over the way
  // an operator would, by a reset link from the mailbox.
  const admin = "admin@ledgerchat.local";
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(admin);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText(/reset link is on its way/);
  await page.goto(pathOf(await mailLink(request, admin, "password-reset")));
  await page.getByLabel("New password", { exact: true }).fill("violet kettle drum 31");
  await page.getByLabel("Repeat new password").fill("violet kettle drum 31");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status")).toContainText(/password was changed/);

  const signIn = new SignInPage(page);
  await page.goto("/sign-in?next=%2Fadmin");
  await signIn.signIn(admin, "violet kettle drum 31");
  await expect(page).toHaveURL(/\/account\/security\?required=2fa&next=%2Fadmin$/);
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    /Administrators must turn on two-factor/,
  );
  const adminApi = await page.request.get("/api/account");
  expect(adminApi.status()).toBe(200);

  const security = new SecurityPage(page);
  await security.startTwoFactor("violet kettle drum 31");
  const secret = (await security.secret().textContent())?.trim() ?? "";
  await security.confirmCode(await generate({ secret }));
  await expect(security.recoveryCodes()).toHaveCount(10);
  saveAdminSecret(secret);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Admin");
});
