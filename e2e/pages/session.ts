import type { Page } from "@playwright/test";
import { PASSWORD, signUpApi, uniqueEmail, verifyApi } from "../support/accounts";
import { SignInPage } from "./auth-pages";

/** Signs up a fresh user, verifies it through the dev mailbox and signs in in this page. */
export async function signInAsNewVerifiedUser(page: Page): Promise<string> {
  const email = uniqueEmail("buyer");
  await signUpApi(page.request, email);
  await verifyApi(page.request, email);
  await page.context().clearCookies({ name: /^(?!lc_consent$)/ }); // all but the cookie-consent choice
  await page.goto("/sign-in?next=%2Faccount");
  await new SignInPage(page).signIn(email, PASSWORD);
  await page.waitForURL(/\/account$/);
  return email;
}
