import type { Page, Response } from "@playwright/test";

export class PricingPage {
  constructor(private readonly page: Page) {}

  goto(): Promise<Response | null> {
    return this.page.goto("/pricing");
  }

  plan(id: "free" | "pro" | "max") {
    return this.page.locator(`[data-plan="${id}"]`);
  }

  pack(id: "small" | "medium" | "large") {
    return this.page.locator(`[data-pack="${id}"]`);
  }

  /** Clicks the buy button of a plan or pack card. */
  async choose(card: "pro" | "max" | "small" | "medium" | "large"): Promise<void> {
    const locator = card === "pro" || card === "max" ? this.plan(card) : this.pack(card);
    await locator.getByRole("button").click();
  }
}
