// Page objects for the admin console and the user's ledger page.
import type { Locator, Page } from "@playwright/test";

export class AdminConsole {
  constructor(private readonly page: Page) {}
  nav(name: string): Locator {
    return this.page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name });
  }
  async openUser(email: string) {
    await this.page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
    await this.page.getByRole("link", { name: email }).click();
    await this.page.getByRole("heading", { level: 1, name: email }).waitFor();
  }
  adjustForm(): Locator {
    return this.page.getByRole("form", { name: "Adjust PT" });
  }
  async adjustPt(amount: string, reason: string) {
    const form = this.adjustForm();
    await form.getByLabel(/Amount/).fill(amount);
    await form.getByLabel(/Reason/).fill(reason);
    await form.getByRole("button", { name: "Adjust PT" }).click();
  }
  /** The confirmation dialog of a destructive action. */
  dialog(): Locator {
    return this.page.getByRole("dialog");
  }
  marginChart(): Locator {
    return this.page.getByTestId("margin-chart");
  }
}

export class LedgerPage {
  constructor(private readonly page: Page) {}
  goto() {
    return this.page.goto("/account/ledger");
  }
  async disputeFirstCharge(reason: string) {
    const row = this.page.getByRole("row").filter({ hasText: "usage" }).first();
    await row.getByText("Dispute", { exact: true }).click();
    await row.getByLabel("Reason").fill(reason);
    await row.getByRole("button", { name: "Send dispute" }).click();
  }
  myDisputeStatus(): Locator {
    return this.page.getByTestId("my-dispute-status");
  }
}
