import type { Locator, Page } from "@playwright/test";

/** Page object for /account/chat: the plan's daily PT cap, the user's own cap and today's spend. */
export class ChatLimitsPage {
  constructor(private readonly page: Page) {}

  goto() {
    return this.page.goto("/account/chat");
  }

  form(): Locator {
    return this.page.getByRole("form", { name: "Daily PT cap" });
  }

  capInput(): Locator {
    return this.page.getByLabel("Your daily cap (PT)");
  }

  planCap(): Locator {
    return this.page.getByTestId("plan-daily-cap");
  }

  ownCap(): Locator {
    return this.page.getByTestId("own-daily-cap");
  }

  spentToday(): Locator {
    return this.page.getByTestId("spent-today");
  }

  async setCap(value: string) {
    await this.capInput().fill(value);
    await this.page.getByRole("button", { name: "Save cap" }).click();
  }

  removeCap() {
    return this.page.getByRole("button", { name: "Remove my cap" }).click();
  }

  status(): Locator {
    return this.form().getByRole("status");
  }

  alert(): Locator {
    return this.form().getByRole("alert");
  }
}
