// Accessibility: axe-core over every page a visitor and a user reach, in the light and the dark
// theme — no serious or critical WCAG 2.1 A/AA violation. The admin pages: wcag-admin.spec.ts.
import { expect, test } from "@playwright/test";
import { signInAsNewVerifiedUser } from "./pages/session";
import { uniqueIp } from "./support/accounts";
import { violations } from "./support/axe";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

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
