import type { Page } from "@playwright/test";

/** The built-in test checkout (test mode) and the success page it leads to. */
export class TestCheckoutPage {
  constructor(private readonly page: Page) {}

  label() {
    return this.page.getByText("Test mode — no real payment");
  }

  async pay(): Promise<void> {
    await this.page.getByRole("button", { name: /^Pay .* \(test\)$/ }).click();
  }

  balanceAfter() {
    return this.page.getByTestId("balance-after");
  }
}
