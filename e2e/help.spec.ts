import { expect, test } from "@playwright/test";

test("help is linked from the footer and the pricing page and shows the catalog's plans and packs", async ({
  page,
  request,
}) => {
  await page.goto("/pricing");
  await page.getByRole("link", { name: "How charges work" }).click();
  await expect(page).toHaveURL(/\/help#charges$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Help");
  for (const topic of ["What PT is", "How a message is estimated and charged", "Plans and top-ups"])
    await expect(page.getByRole("heading", { level: 2, name: topic })).toBeVisible();
  await expect(page.getByText(/aborted|stop a reply/i)).toBeVisible();

  // The figures are the billing catalog's, not text written twice.
  const plans = (await (await request.get("/api/billing/plans")).json()) as {
    plans: { id: string; price: string; monthlyAllowancePt: string }[];
    packs: { id: string; price: string; pt: string }[];
  };
  expect(plans.plans.length).toBeGreaterThan(0);
  for (const plan of plans.plans) {
    const row = page.locator(`[data-help-plan="${plan.id}"]`);
    await expect(row).toContainText(plan.price);
    await expect(row).toContainText(Number(plan.monthlyAllowancePt).toLocaleString("en-US"));
  }
  for (const pack of plans.packs) {
    await expect(page.locator(`[data-help-pack="${pack.id}"]`)).toContainText(pack.price);
  }

  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Help" }).click();
  await expect(page).toHaveURL(/\/help$/);
});
