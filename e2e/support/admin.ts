// The seeded admin for e2e tests. The first test to need it takes the account over the way an
// operator would (reset link from /dev/mail, then 2FA setup) and leaves the password and TOTP
// secret in the run's data directory, so later tests (accounts.spec.ts does the same) sign in
// with password + TOTP like a real admin. The session cookies are kept there too, and later specs
// resume that session (as a browser would) instead of waiting for an unspent TOTP step each time.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { generate } from "otplib";
import { SecurityPage, SignInPage } from "../pages/auth-pages";
import { mailLink, pathOf } from "./mailbox";

export const ADMIN_EMAIL = "admin@ledgerchat.local";
export const ADMIN_PASSWORD = "violet kettle drum 31";

function stateFile(): string {
  return join(process.env.E2E_DATA_DIR ?? ".", "e2e-admin.json");
}

export function saveAdminSecret(secret: string): void {
  writeFileSync(stateFile(), JSON.stringify({ secret }), { mode: 0o600 });
}

/**
 * A TOTP code for a time step no earlier admin sign-in of this run has spent: the server refuses a
 * replayed step, and two specs signing in within one 30 s step used to get the same code. The
 * next step is used (the current one may be spent); when that one is spent too, this waits for
 * the clock to move on.
 */
export async function nextCode(secret: string): Promise<string> {
  const file = join(process.env.E2E_DATA_DIR ?? ".", "e2e-admin-step");
  const spent = existsSync(file) ? Number(readFileSync(file, "utf8")) : 0;
  let current = Math.floor(Date.now() / 30_000);
  if (current + 1 <= spent) {
    await new Promise((resolve) => setTimeout(resolve, spent * 30_000 - Date.now() + 250));
    current = Math.floor(Date.now() / 30_000);
  }
  const step = Math.max(current + 1, spent + 1);
  writeFileSync(file, String(step));
  return generate({ secret, epoch: step * 30 });
}

/**
 * The seeded admin never went through the sign-up form, so it is asked to accept the Terms and
 * Privacy Policy (as is every account that has not accepted the versions in force): whenever the
 * dialog opens in the way of an action, accept it, as an operator would once.
 */
export async function acceptTermsWhenAsked(page: Page): Promise<void> {
  const dialog = page.getByTestId("legal-accept-dialog");
  await page.addLocatorHandler(dialog, async () => {
    await dialog.getByRole("button", { name: "Accept and continue" }).click();
    await expect(dialog).toBeHidden();
  });
}

function sessionFile(): string {
  return join(process.env.E2E_DATA_DIR ?? ".", "e2e-admin-session.json");
}

/** Keeps the admin's session cookies for the next spec, as a browser keeps them between visits. */
async function saveSession(page: Page): Promise<void> {
  const cookies = (await page.context().cookies()).filter((c) => c.name !== "lc_consent");
  writeFileSync(sessionFile(), JSON.stringify(cookies), { mode: 0o600 });
}

/**
 * Back into /admin with the session an earlier spec signed in (password and a TOTP step each
 * time would wait up to 30 s for an unspent step); false when there is none or it no longer works.
 */
async function resumeSession(page: Page): Promise<boolean> {
  if (!existsSync(sessionFile())) return false;
  await page.context().addCookies(JSON.parse(readFileSync(sessionFile(), "utf8")));
  await page.goto("/admin");
  if (new URL(page.url()).pathname === "/admin") return true;
  await page.context().clearCookies({ name: /^(?!lc_consent$)/ });
  return false;
}

export async function signInAsAdmin(page: Page, request: APIRequestContext): Promise<string> {
  await acceptTermsWhenAsked(page);
  const signIn = new SignInPage(page);
  if (existsSync(stateFile())) {
    const { secret } = JSON.parse(readFileSync(stateFile(), "utf8")) as { secret: string };
    if (await resumeSession(page)) return secret;
    await page.goto("/sign-in?next=%2Fadmin");
    await signIn.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await signIn.submitCode(await nextCode(secret));
    await expect(page).toHaveURL(/\/admin$/);
    await saveSession(page);
    return secret;
  }
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText(/reset link is on its way/);
  await page.goto(pathOf(await mailLink(request, ADMIN_EMAIL, "password-reset")));
  await page.getByLabel("New password", { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByLabel("Repeat new password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status")).toContainText(/password was changed/);
  await page.goto("/sign-in?next=%2Fadmin");
  await signIn.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/account\/security\?required=2fa/);
  const security = new SecurityPage(page);
  await security.startTwoFactor(ADMIN_PASSWORD);
  const secret = (await security.secret().textContent())?.trim() ?? "";
  await security.confirmCode(await generate({ secret }));
  await expect(security.recoveryCodes()).toHaveCount(10);
  saveAdminSecret(secret);
  // Sign out and back in with the second factor, as an admin would every day.
  await page.context().clearCookies({ name: /^(?!lc_consent$)/ }); // all but the cookie-consent choice
  await page.goto("/sign-in?next=%2Fadmin");
  await signIn.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  await signIn.submitCode(await nextCode(secret));
  await expect(page).toHaveURL(/\/admin$/);
  await saveSession(page);
  return secret;
}
