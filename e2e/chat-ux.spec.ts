// The chat's everyday tools in Chromium against the production build, on the demo model: code
// blocks highlighted with a copy button, copying a message and a reply, regenerating a reply and
// editing the last message (each a new metered turn, charged again and shown), the model of each
// reply, long messages folded, the command palette by keyboard, dark mode persisted, and the chat
// filling a phone's screen. Each test is a new guest from its own address (guest creation is
// limited per IP).
import { expect, test } from "@playwright/test";
import { ChatPage } from "./pages/chat-page";
import { uniqueIp } from "./support/accounts";

test.beforeEach(async ({ context }) => {
  await context.setExtraHTTPHeaders({ "x-forwarded-for": uniqueIp() });
});

const pt = (s: string | null) => BigInt(s ?? "NaN");

test("code blocks are highlighted and copied; a message and a reply are copied", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.send("Show me a typescript function");
  const block = chat.codeBlocks().first();
  await expect(block).toBeVisible({ timeout: 30_000 });
  await expect(block.locator("code[data-highlighted=true] .hljs-keyword").first()).toHaveText("function");
  // Copy once the reply has finished (its charge shows): a block copied mid-stream holds only the
  // lines streamed so far (CI saw the function cut off after `"verify: " + `).
  await expect(chat.charges().first()).toBeVisible({ timeout: 30_000 });
  await block.getByRole("button", { name: "Copy code" }).click();
  // The clipboard is the outcome to check: the button's "Copied" lasts two seconds, which a busy
  // machine can let pass between two polls.
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toMatch(/^function nextStep\(goal: string, done: string\[\]\): string \{[\s\S]*\}$/);

  await page.getByRole("button", { name: "Copy reply" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("```ts\nfunction nextStep");
  await page.getByRole("button", { name: "Copy message" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("Show me a typescript function");
  // The reply names the model that wrote it.
  await expect(chat.replyModels().first()).toHaveText("Demo");
});

test("regenerate: a new metered turn with its estimate, charged again, the old reply replaced", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.send("Give me three tips for naming variables");
  await expect(chat.charges().first()).toBeVisible({ timeout: 30_000 });
  const afterFirst = await chat.balancePt();

  await expect(chat.regenerateButton()).toHaveText(/^Regenerate · ≈ [\d,]+ PT$/);
  const estimate = pt(await chat.regenerateButton().getAttribute("data-estimate"));
  await chat.regenerateButton().click();
  await expect(chat.stopButton()).toBeHidden({ timeout: 30_000 });
  await expect(chat.charges()).toHaveCount(1);
  const charged = pt(await chat.charges().first().getAttribute("data-pt"));
  expect(charged).toBeGreaterThan(0n);
  expect(charged).toBeLessThanOrEqual(estimate);
  await expect(chat.balance()).toHaveAttribute("data-pt", String(afterFirst - charged));
  await expect(chat.userMessages()).toHaveCount(1);

  // After a reload: one question, one (the new) reply with its charge.
  await page.reload();
  await chat.balance().waitFor();
  await expect(chat.assistantMessages()).toHaveCount(1);
  await expect(chat.userMessages()).toHaveCount(1);
  await expect(chat.charges().first()).toHaveAttribute("data-pt", String(charged));
});

test("edit and resend the last message: its estimate shows, the edited turn is charged, the old one is gone", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.send("What is a ledger?");
  await expect(chat.charges().first()).toBeVisible({ timeout: 30_000 });
  const afterFirst = await chat.balancePt();

  await chat.editButton().click();
  const box = page.getByRole("textbox", { name: "Edit message" });
  await expect(box).toBeFocused();
  await box.fill("What is a double-entry ledger?");
  await expect(page.getByTestId("edit-estimate")).toContainText(/≈ [\d,]+ PT at most/);
  await page.getByRole("button", { name: "Send edit" }).click();
  await expect(chat.stopButton()).toBeHidden({ timeout: 30_000 });
  await expect(chat.charges()).toHaveCount(1);
  const charged = pt(await chat.charges().first().getAttribute("data-pt"));
  await expect(chat.balance()).toHaveAttribute("data-pt", String(afterFirst - charged));
  await expect(chat.userMessages()).toHaveText(["What is a double-entry ledger?"]);

  await page.reload();
  await chat.balance().waitFor();
  await expect(chat.userMessages()).toHaveText(["What is a double-entry ledger?"]);
  await expect(chat.assistantMessages()).toHaveCount(1);
});

test("a long message folds with Show more / Show less", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  const long = Array.from({ length: 30 }, (_, i) => `line ${i + 1} of a pasted log`).join("\n");
  await chat.input().fill(long);
  await chat.input().press("Enter");
  const more = page.getByRole("button", { name: "Show more" });
  await expect(more).toHaveAttribute("aria-expanded", "false");
  const folded = (await chat.userMessages().first().boundingBox())?.height ?? 0;
  await more.click();
  await expect(page.getByRole("button", { name: "Show less" })).toHaveAttribute("aria-expanded", "true");
  const open = (await chat.userMessages().first().boundingBox())?.height ?? 0;
  expect(open).toBeGreaterThan(folded * 2);
});

test("command palette by keyboard: Ctrl+K, search a chat, Enter opens it; Esc closes and gives focus back", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.send("Palette target about ledgers");
  await expect(chat.charges().first()).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const url = page.url();

  await page.goto("/chat");
  await chat.balance().waitFor();
  await chat.input().focus();
  await page.keyboard.press("Control+k");
  const palette = chat.palette();
  await expect(palette).toBeVisible();
  await expect(page.getByRole("combobox")).toBeFocused();
  await page.keyboard.type("Palette target");
  await expect(palette.getByRole("option", { name: "Palette target about ledgers" })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(palette.getByRole("option", { name: "Palette target about ledgers" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(url);
  await chat.balance().waitFor();

  // Esc closes it, and focus returns to where it was.
  await chat.input().focus();
  await page.keyboard.press("Control+k");
  await expect(chat.palette()).toBeVisible();
  await page.keyboard.type("Use Demo");
  await expect(chat.palette().getByRole("option", { name: /Use Demo/ })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await page.keyboard.press("Escape");
  await expect(chat.palette()).toBeHidden();
  await expect(chat.input()).toBeFocused();

  // New chat from the palette.
  await page.keyboard.press("Control+k");
  await page.keyboard.type("New chat");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/chat$/);
});

test("on a phone the chat fills the screen: no site footer, no page scroll, no Esc hint", async ({
  browser,
}) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    extraHTTPHeaders: { "x-forwarded-for": uniqueIp() },
  });
  const page = await context.newPage();
  const chat = new ChatPage(page);
  await chat.goto();
  await expect(page.locator("[data-site-footer]")).toBeHidden();
  const composer = await chat.input().boundingBox();
  expect((composer?.y ?? 0) + (composer?.height ?? 0)).toBeLessThanOrEqual(844);
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(844);
  await chat.input().fill("Hello");
  await expect(chat.estimate()).toContainText(/≈ [\d,]+ PT/);
  await expect(chat.estimate().getByText("Esc stops a reply")).toBeHidden();
  await context.close();
});

test("dark mode: follows the system, the toggle's choice persists across reloads, no CSP refusal", async ({
  page,
}) => {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  const chat = new ChatPage(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await chat.goto();
  // No choice stored: the system's dark scheme applies.
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);

  // System → Light → Dark.
  await chat.themeButton().click();
  await expect(chat.themeButton()).toHaveAttribute("data-theme-choice", "light");
  await chat.themeButton().click();
  await expect(chat.themeButton()).toHaveAttribute("data-theme-choice", "dark");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  expect(await page.evaluate(() => localStorage.getItem("theme"))).toBe("dark");

  // The stored choice wins over the (light) system, and is applied by the inline script before
  // hydration: the server's HTML carries it with this response's CSP nonce.
  await page.reload();
  await chat.balance().waitFor();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe("rgb(11, 17, 32)");
  const response = await page.request.get("/chat");
  const csp = response.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  const themeScript = new RegExp(`<script nonce="${nonce?.replace(/[+/=]/g, "\\$&")}">[^<]*localStorage`);
  expect(await response.text()).toMatch(themeScript);
  expect(refused).toEqual([]);
});
