// Accessibility: axe-core over every page a visitor, a user and an admin reach, in the light and
// the dark theme — no serious or critical WCAG 2.1 A/AA violation. Named to run after
// accounts.spec.ts, whose first admin test needs the seeded admin still without 2FA (the admin
// sign-in here sets it up).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signInAsNewVerifiedUser } from "./pages/session";
import { uniqueIp } from "./support/accounts";
import { signInAsAdmin } from "./support/admin";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

async function violations(page: Page, paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of paths) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const result = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      for (const v of result.violations) {
        if (v.impact !== "serious" && v.impact !== "critical") continue;
        found.push(
          `${scheme} ${path}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        );
      }
    }
  }
  return found;
}

test("public pages have no serious or critical violation, light and dark", async ({ page }) => {
  const paths = ["/", "/chat", "/pricing", "/help", "/status", "/sign-in", "/sign-up", "/forgot-password"];
  const legal = ["/legal/terms", "/legal/privacy", "/legal/refunds", "/legal/cookies", "/legal/dpa"];
  expect(await violations(page, [...paths, ...legal])).toEqual([]);
});

test("a signed-in user's pages have no serious or critical violation, light and dark", async ({ page }) => {
  await signInAsNewVerifiedUser(page);
  const paths = ["/account", "/account/security", "/account/ledger", "/account/usage", "/account/chat"];
  expect(await violations(page, [...paths, "/account/api-keys", "/billing", "/chat"])).toEqual([]);
});

test("the admin pages have no serious or critical violation, light and dark", async ({ page, request }) => {
  // Eleven pages in two themes after a sign-in that may wait for a fresh TOTP step.
  test.setTimeout(180_000);
  await signInAsAdmin(page, request);
  const paths = ["/admin", "/admin/users", "/admin/disputes", "/admin/refunds", "/admin/webhooks"];
  expect(
    await violations(page, [
      ...paths,
      "/admin/audit",
      "/admin/pricing",
      "/admin/reconciliation",
      "/admin/alerts",
      "/admin/settings",
      "/admin/flags",
    ]),
  ).toEqual([]);
});
