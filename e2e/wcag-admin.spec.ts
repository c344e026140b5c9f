// Accessibility of the admin pages: axe-core in the light and the dark theme, no serious or critical
// WCAG 2.1 A/AA violation. Named to run after accounts.spec.ts in the admin project, whose first
// admin test needs the seeded admin still without 2FA (the admin sign-in here sets it up).
import { expect, test } from "@playwright/test";
import { uniqueIp } from "./support/accounts";
import { signInAsAdmin } from "./support/admin";
import { violations } from "./support/axe";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("the admin pages have no serious or critical violation, light and dark", async ({ page, request }) => {
  // Twelve pages in two themes after a sign-in that may wait for a fresh TOTP step.
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
      "/admin/emails",
    ]),
  ).toEqual([]);
});
