import type { Locator, Page } from "@playwright/test";

/** Page object for /chat. Visiting it as a new visitor starts a guest session (POST /api/guest). */
export class ChatPage {
  constructor(private readonly page: Page) {}

  async goto(path = "/chat") {
    await this.page.goto(path);
    await this.balance().waitFor();
  }

  balance(): Locator {
    return this.page.getByTestId("balance");
  }

  async balancePt(): Promise<bigint> {
    return BigInt((await this.balance().getAttribute("data-pt")) ?? "NaN");
  }

  input(): Locator {
    return this.page.getByRole("textbox", { name: "Message" });
  }

  estimate(): Locator {
    return this.page.getByTestId("estimate");
  }

  assistantMessages(): Locator {
    return this.page.getByTestId("assistant-message");
  }

  charges(): Locator {
    return this.page.getByTestId("charge");
  }

  stopButton(): Locator {
    return this.page.getByRole("button", { name: "Stop" });
  }

  conversationLinks(): Locator {
    return this.page.getByTestId("conversation-list").getByRole("link");
  }

  /** Small screens: the button that opens the conversation drawer. */
  chatsButton(): Locator {
    return this.page.getByRole("button", { name: "Chats" });
  }

  sidebar(): Locator {
    return this.page.getByRole("complementary", { name: "Conversations" });
  }

  deleteButton(title: string): Locator {
    return this.page.getByRole("button", { name: `Delete ${title}`, exact: true });
  }

  deleteConfirmation(): Locator {
    return this.page.getByTestId("confirm-delete");
  }

  /** The header's theme button (cycles System → Light → Dark). */
  themeButton(): Locator {
    return this.page.getByRole("button", { name: /^Theme:/ });
  }

  async send(text: string) {
    await this.input().fill(text);
    await this.input().press("Enter");
  }

  userMessages(): Locator {
    return this.page.getByTestId("user-message");
  }

  codeBlocks(): Locator {
    return this.page.getByTestId("code-block");
  }

  replyModels(): Locator {
    return this.page.getByTestId("reply-model");
  }

  regenerateButton(): Locator {
    return this.page.getByTestId("regenerate");
  }

  editButton(): Locator {
    return this.page.getByRole("button", { name: "Edit", exact: true });
  }

  /** The command palette (Ctrl/Cmd+K). */
  palette(): Locator {
    return this.page.getByRole("dialog", { name: "Command palette" });
  }
}
