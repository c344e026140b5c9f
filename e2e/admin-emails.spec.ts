// The admin email delivery page: a new user's verification mail is listed with its recipient,
// template, category and status, its attempt log shows the provider call that sent it, the
// template and status filters narrow the table through the URL, and a filter that matches nothing
// shows the empty state.
import { expect, test } from "@playwright/test";
import { signUpApi, uniqueEmail, uniqueIp } from "./support/accounts";
import { signInAsAdmin } from "./support/admin";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("admin emails: the outbox with its attempt log, filters and an empty state", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("outbox");
  await signUpApi(request, email);
  await signInAsAdmin(page, request);

  await page.goto("/admin/emails");
  await page.getByLabel("Template").selectOption("verify-email");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/template=verify-email/);
  const table = page.getByRole("table", { name: "Emails" });
  const row = table.getByRole("row").filter({ hasText: email });
  // The dev mailbox sends it within a couple of seconds of the sign-up.
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId("email-status")).toHaveText("sent (dev)", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toContainText("security");
  await row.getByText(/provider call/).click();
  await expect(row.getByTestId("email-attempts")).toContainText("#1 dev: sent");

  await page.goto("/admin/emails?status=dead&template=verify-email");
  await expect(page.getByTestId("table-empty")).toHaveText("No emails match these filters.");
  await page.goto("/admin/emails?status=nonsense");
  await expect(page.getByRole("alert").filter({ hasText: "These filters are not valid" })).toBeVisible();
});
