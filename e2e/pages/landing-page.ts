import type { Page, Response } from "@playwright/test";

export class LandingPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<Response | null> {
    return this.page.goto("/");
  }

  heading() {
    return this.page.getByRole("heading", { level: 1 });
  }

  signInLink() {
    return this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" });
  }
}
