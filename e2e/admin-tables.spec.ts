// The admin users table: sorted by a column header (aria-sort says which), filtered and paged on
// the server through the URL, an empty state for a search that matches nothing, and on a phone the
// rows fold into cards so nothing runs off-screen.
import { expect, test } from "@playwright/test";
import { signUpApi, uniqueEmail, uniqueIp } from "./support/accounts";
import { signInAsAdmin } from "./support/admin";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("admin users table: header sort, filters, pages, empty state, phone layout", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const prefix = `tbl${Date.now()}`;
  const emails = [uniqueEmail(`${prefix}-c`), uniqueEmail(`${prefix}-a`), uniqueEmail(`${prefix}-b`)];
  for (const email of emails) await signUpApi(request, email);
  await signInAsAdmin(page, request);

  await page.goto(`/admin/users?q=${prefix}&size=10`);
  const table = page.getByRole("table", { name: "Users" });
  await expect(table.getByRole("row")).toHaveCount(4);
  // Newest first by default; the header link sorts by email, descending then ascending.
  await table.getByRole("link", { name: /^Email/ }).click();
  await expect(page).toHaveURL(/sort=email&dir=desc/);
  await table.getByRole("link", { name: /^Email/ }).click();
  await expect(page).toHaveURL(/sort=email&dir=asc/);
  await expect(table.getByRole("columnheader", { name: /Email/ })).toHaveAttribute("aria-sort", "ascending");
  const shown = await table.getByRole("row").locator("td:first-child").allTextContents();
  expect(shown).toEqual([...emails].sort());

  // Filters and the page size come from the form (kept in the URL); one row per page.
  await page.getByLabel("Status").selectOption("active");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=active/);
  await page.goto(`/admin/users?q=${prefix}&sort=email&dir=asc&size=10&page=1`);
  await expect(page.getByTestId("table-position")).toHaveText("Page 1 of 1 · 3 rows");

  await page.goto(`/admin/users?q=${prefix}-nobody`);
  await expect(page.getByTestId("table-empty")).toHaveText("No users match these filters.");
  await page.goto("/admin/users?sort=passwordHash");
  await expect(page.getByRole("alert").filter({ hasText: "not valid" })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/admin/users?q=${prefix}`);
  await expect(page.getByRole("link", { name: emails[0] })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
