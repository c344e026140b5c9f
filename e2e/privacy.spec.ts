// Privacy rights in Chromium: a user downloads their data (a zip with export.json and the CSVs)
// after re-entering the password; deletes their account after the forfeit warning, is signed out
// and mailed the date; signing in again cancels the deletion (and says so by mail).
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { SignInPage } from "./pages/auth-pages";
import { PASSWORD, signUpApi, uniqueEmail, uniqueIp, verifyApi } from "./support/accounts";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

async function signedInUser(page: Page): Promise<string> {
  const email = uniqueEmail("privacy");
  await signUpApi(page.request, email);
  await verifyApi(page.request, email);
  await page.goto("/sign-in?next=%2Faccount%2Fprivacy");
  await new SignInPage(page).signIn(email, PASSWORD);
  await page.waitForURL(/\/account\/privacy$/);
  return email;
}

async function mailSubjects(page: Page, email: string, subject: string): Promise<void> {
  await expect(async () => {
    const html = await (await page.request.get(`/dev/mail?to=${encodeURIComponent(email)}`)).text();
    expect(html).toContain(subject);
  }).toPass({ timeout: 15_000 });
}

test("download my data: a zip of JSON and CSV after re-authentication", async ({ page }) => {
  const email = await signedInUser(page);
  const form = page.getByRole("form", { name: "Download my data" });
  await form.getByLabel("Current password").fill("not my password at all");
  await form.getByRole("button", { name: "Download my data" }).click();
  await expect(form.getByText("Your current password is not correct.").first()).toBeVisible();

  await form.getByLabel("Current password").fill(PASSWORD);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    form.getByRole("button", { name: "Download my data" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^data-export-\d{4}-\d\d-\d\d\.zip$/);
  const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
  expect(Object.keys(files).sort()).toEqual(["README.txt", "export.json", "ledger.csv", "payments.csv"]);
  const data = JSON.parse(strFromU8(files["export.json"] as Uint8Array));
  expect(data.account.email).toBe(email);
  expect(data.legalAcceptances.length).toBeGreaterThanOrEqual(2);
  await expect(form.getByText("Your data export has been downloaded.")).toBeVisible();
});

test("delete my account: warning, grace period, signed out, cancelled by signing in", async ({ page }) => {
  const email = await signedInUser(page);
  const form = page.getByRole("form", { name: "Delete my account" });
  await expect(form.getByText("This deletes your account.")).toBeVisible();
  await expect(form.getByText(/7 days from now/)).toBeVisible();
  await form.getByLabel("Current password").fill(PASSWORD);
  // The confirmation box is required: without it the browser does not submit.
  await form.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByTestId("deletion-scheduled")).toBeHidden();
  await form.getByRole("checkbox").check();
  await form.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByTestId("deletion-scheduled")).toContainText("Your account will be deleted on");
  await mailSubjects(page, email, "Your account will be deleted");

  // Signed out everywhere: the account page asks to sign in.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  await new SignInPage(page).signIn(email, PASSWORD);
  await page.waitForURL(/\/account$/);
  await mailSubjects(page, email, "Your account deletion was cancelled");
  await page.goto("/account/privacy");
  await expect(page.getByRole("form", { name: "Delete my account" })).toBeVisible();
});
