// The admin pricing page with every price dimension: seeded rows show their cached-input and
// cache-write rates ("PT · µ$" per 1M), the price sync's proposals section is there, and a new row
// with a long-context tier is refused without its tier rates (the reason shown) and saved with them.
import { expect, test } from "@playwright/test";
import { uniqueIp } from "./support/accounts";
import { signInAsAdmin } from "./support/admin";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("admin pricing: dimensions shown, proposals section, a long-context row refused then saved", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page, request);
  await page.goto("/admin/pricing");
  await expect(page.getByRole("heading", { name: "Price proposals" })).toBeVisible();
  const current = page.getByRole("table", { name: "Current prices" });
  const mini = current
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: "gpt-4o-mini", exact: true }) });
  // Input 15,000 PT · 150,000 µ$; cached input 7,500 PT · 75,000 µ$; no cache-write rate (default).
  await expect(mini.getByRole("cell").nth(3)).toHaveText("15,000 · 150,000");
  await expect(mini.getByRole("cell").nth(4)).toHaveText("7,500 · 75,000");
  await expect(mini.getByRole("cell").nth(5)).toHaveText("default");
  const sonnet = current
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: "claude-sonnet-4-20250514" }) });
  await expect(sonnet.getByRole("cell").nth(9)).toContainText("> 200,000 tokens");
  await testInfo.attach("admin-pricing", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  const model = `e2e-tiered-${Date.now()}`;
  await page.getByLabel("Model id").fill(model);
  await page.getByLabel("Provider", { exact: true }).fill("anthropic");
  await page.getByLabel("PT per 1M input tokens").fill("300000");
  await page.getByLabel("Provider cost µ$ per 1M input tokens").fill("3000000");
  await page.getByLabel("PT per 1M output tokens").fill("1500000");
  await page.getByLabel("Provider cost µ$ per 1M output tokens").fill("15000000");
  await page.getByLabel("PT per 1M cached input (empty: default)").fill("30000");
  await page.getByLabel("Long-context threshold, input tokens (empty: none)").fill("200000");
  await page.getByLabel("Effective from (UTC, optional)").fill("2025-06-01T00:00");
  await page.getByRole("button", { name: "Add price" }).click();
  await expect(page.getByText("ptPerMInputLong is required with a long-context tier.")).toBeVisible();

  await page.getByLabel("PT per 1M input above the threshold").fill("600000");
  await page.getByLabel("Provider cost µ$ per 1M input above the threshold").fill("6000000");
  await page.getByLabel("PT per 1M output above the threshold").fill("2250000");
  await page.getByLabel("Provider cost µ$ per 1M output above the threshold").fill("22500000");
  await page.getByRole("button", { name: "Add price" }).click();
  const row = current.getByRole("row").filter({ has: page.getByRole("link", { name: model }) });
  await expect(row.getByRole("cell").nth(4)).toHaveText("30,000 · default");
  await expect(row.getByRole("cell").nth(9)).toHaveText(
    "> 200,000 tokens: in 600,000 · 6,000,000, out 2,250,000 · 22,500,000",
  );
});
