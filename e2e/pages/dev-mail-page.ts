import { expect, type Page } from "@playwright/test";
import { mailLink } from "../support/mailbox";

/** The dev mailbox (/dev/mail) in the browser: open the newest verification mail and confirm it. */
export class DevMailPage {
  constructor(private readonly page: Page) {}

  async verifyEmail(email: string) {
    const link = await mailLink(this.page.request, email, "verify-email");
    await this.page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
    // Mail links point at the server the newcomer opened (APP_URL defaults to its listening URL).
    expect(new URL(link).origin).toBe(new URL(this.page.url()).origin);
    await this.page.locator(`a[href="${link}"]`).first().click();
    await this.page.waitForURL(/\/verify-email\?token=/);
    await this.page.getByRole("button", { name: "Verify my email address" }).click();
    await this.page
      .getByRole("status")
      .filter({ hasText: `${email} is verified` })
      .waitFor();
  }
}
