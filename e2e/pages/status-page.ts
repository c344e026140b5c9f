import type { Page, Response } from "@playwright/test";

export class StatusPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<Response | null> {
    return this.page.goto("/status");
  }

  overall() {
    return this.page.getByTestId("status-overall");
  }

  component(name: string) {
    return this.page.getByRole("listitem").filter({ hasText: name });
  }

  incidentsHeading() {
    return this.page.getByRole("heading", { name: "Incidents" });
  }
}
