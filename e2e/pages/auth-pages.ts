// Page objects for the accounts pages.
import type { Page } from "@playwright/test";

export class SignUpPage {
  constructor(private readonly page: Page) {}
  async fill(email: string, password: string, name = "") {
    if (name) await this.page.getByLabel("Name (optional)").fill(name);
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("checkbox", { name: /I accept the Terms of Service/ }).check();
  }
  submit() {
    return this.page.getByRole("button", { name: "Create account" }).click();
  }
}

export class SignInPage {
  constructor(private readonly page: Page) {}
  goto() {
    return this.page.goto("/sign-in");
  }
  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
  codeField() {
    return this.page.getByLabel("Authentication code");
  }
  async submitCode(code: string) {
    await this.codeField().fill(code);
    await this.page.getByRole("button", { name: "Verify" }).click();
  }
  error() {
    return this.page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  }
}

export class SecurityPage {
  constructor(private readonly page: Page) {}
  goto() {
    return this.page.goto("/account/security");
  }
  async startTwoFactor(password: string) {
    await this.page.getByLabel("Current password").fill(password);
    await this.page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  }
  qrImage() {
    return this.page.getByRole("img", { name: "QR code for your authenticator app" });
  }
  secret() {
    return this.page.getByTestId("totp-secret");
  }
  async confirmCode(code: string) {
    await this.page.getByLabel("6-digit code").fill(code);
    await this.page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  }
  recoveryCodes() {
    return this.page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  }
  sessions() {
    return this.page.getByRole("list", { name: "Sessions" }).getByRole("listitem");
  }
}

export class SiteHeader {
  constructor(private readonly page: Page) {}
  nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }
  chatLink() {
    return this.nav().getByRole("link", { name: "Chat", exact: true }).first();
  }
  signInLink() {
    return this.nav().getByRole("link", { name: "Sign in" });
  }
  async openAccountMenu() {
    await this.page.getByText("Account menu").click();
    return this.page.getByRole("banner").getByRole("list");
  }
  async signOut() {
    await this.page.getByText("Account menu").click();
    await this.page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  }
}
