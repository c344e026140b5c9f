// The public API end to end: a user creates a key on /account/api-keys, calls /v1 with it, and
// finds the request on the same page with the exact PT charged (and a refused one beside it); the request-body switch sticks;
// /docs/api renders the interactive reference from the app's own assets under its CSP.
import { expect, test } from "@playwright/test";
import { signInAsNewVerifiedUser } from "./pages/session";
import { signInAsAdmin } from "./support/admin";

test("a key's request shows on /account/api-keys with the exact charge; body logging toggles", async ({
  page,
}) => {
  await signInAsNewVerifiedUser(page);
  await page.goto("/account/api-keys");
  await page.getByLabel("Name").fill("e2e key");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("api-key-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^lc_(live|test)_/);

  const answer = await page.request.post("/v1/chat/completions", {
    headers: { authorization: `Bearer ${secret}` },
    data: { model: "demo", messages: [{ role: "user", content: "Hello from e2e" }], max_tokens: 64 },
  });
  expect(answer.status()).toBe(200);
  const body = (await answer.json()) as { ledgerchat: { pt_charged: string } };
  const charged = BigInt(body.ledgerchat.pt_charged);

  // A refusal after the key is known is recorded too, holding nothing.
  const refused = await page.request.post("/v1/chat/completions", {
    headers: { authorization: `Bearer ${secret}` },
    data: { model: "no-such-model", messages: [{ role: "user", content: "Hello" }] },
  });
  expect(refused.status()).toBe(404);

  await page.goto("/account/api-keys");
  const rows = page.locator("[data-testid^='api-request-']");
  // Refusals are written in a batch within a second, off the request's path.
  await expect(async () => {
    await page.reload();
    await expect(rows.filter({ hasText: "refused 404 model_not_found" })).toContainText("no-such-model", {
      timeout: 1_000,
    });
  }).toPass({ timeout: 15_000 });
  const row = rows.filter({ hasText: "complete" });
  await expect(row).toContainText("complete");
  await expect(row).toContainText(`${charged.toLocaleString("en-US")} PT`);
  await expect(row).toContainText("e2e key");

  const toggle = page.getByTestId("log-bodies");
  await expect(toggle).not.toBeChecked();
  // Checked once the server stored the change (the switch follows the key's saved state).
  await toggle.click();
  await expect(toggle).toBeChecked();
  await page.reload();
  await expect(page.getByTestId("log-bodies")).toBeChecked();
});

test("admins see every user's API requests on /admin/api-requests, filtered by status", async ({
  page,
  request,
}) => {
  await signInAsAdmin(page, request);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "API requests" }).click();
  await expect(page).toHaveURL(/\/admin\/api-requests$/);
  await expect(page.locator("[data-testid^='api-request-']").first()).toContainText("e2e key");
  await page.goto("/admin/api-requests?status=expired");
  await expect(page.getByText("No requests match these filters.")).toBeVisible();
});

test("/docs/api renders the reference from the app's own assets, with no CSP violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const external: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("http://127.0.0.1") && !r.url().startsWith("data:")) external.push(r.url());
  });
  await page.goto("/docs/api");
  await expect(page.getByText("Create a chat completion").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Rate limits per plan").first()).toBeVisible();
  expect(violations).toEqual([]);
  expect(external).toEqual([]);
});
