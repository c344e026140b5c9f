// A fresh, verified, signed-in user in this page's browser context: sign-up and verification
// through the real endpoints (the mail is read from /dev/mail), then next-auth's credentials
// sign-in with page.request, whose cookies the page shares.
import type { Page } from "@playwright/test";
import { PASSWORD, signInApi, signUpApi, uniqueEmail, verifyApi } from "../support/accounts";

export async function signInAsNewVerifiedUser(page: Page, prefix = "buyer"): Promise<string> {
  const email = uniqueEmail(prefix);
  await signUpApi(page.request, email);
  await verifyApi(page.request, email);
  const answer = await signInApi(page.request, { email, password: PASSWORD });
  if (answer.error) throw new Error(`sign-in failed: ${answer.status} ${answer.error}`);
  return email;
}
