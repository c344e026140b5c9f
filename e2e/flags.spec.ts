// Feature flags end to end: an admin turns public_api off on /admin/flags (asked first), and the API
// is dark at once — /v1 answers OpenAI's 404, /docs/api and /account/api-keys are not found and
// the account menu has no API keys; clearing the override brings it all back.
import { expect, test } from "@playwright/test";
import { uniqueIp } from "./support/accounts";
import { signInAsAdmin } from "./support/admin";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("an admin ships the public API dark and back from /admin/flags", async ({ page, request, baseURL }) => {
  await signInAsAdmin(page, request);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Feature flags" }).click();
  await expect(page).toHaveURL(/\/admin\/flags$/);
  const card = page.getByTestId("flag-public_api");
  await expect(card).toContainText("On");
  await expect(card).toContainText("from the default");

  try {
    await card.getByRole("button", { name: "Turn off public_api" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Turn public_api off for everyone?");
    await dialog.getByRole("button", { name: "Yes, turn off public_api" }).click();
    await expect(card).toContainText("from the admin override");
    await expect(card.getByRole("button", { name: "Turn on public_api" })).toBeVisible();

    const v1 = await page.request.get("/v1/models");
    expect(v1.status()).toBe(404);
    expect(((await v1.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await page.goto("/docs/api"))?.status()).toBe(404);
    expect((await page.goto("/account/api-keys"))?.status()).toBe(404);
    await page.goto("/account");
    const account = page.getByRole("navigation", { name: "Account" });
    await expect(account.getByRole("link", { name: "Security" })).toBeVisible();
    await expect(account.getByRole("link", { name: "API keys" })).toHaveCount(0);

    await page.goto("/admin/flags");
    await card.getByRole("button", { name: "Clear override of public_api" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Yes, clear override of public_api" }).click();
    await expect(card).toContainText("from the default");
  } finally {
    // Whatever failed above, the later specs get the API back.
    await page.request.post("/api/admin/flags", {
      headers: { origin: baseURL ?? "" },
      data: { name: "public_api", enabled: null },
    });
  }
  // Back on: /v1 asks for a key again.
  expect((await page.request.get("/v1/models")).status()).toBe(401);
  await page.goto("/account");
  await expect(
    page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "API keys" }),
  ).toBeVisible();
});
