// Launch compliance in Chromium: the cookie banner's three choices (equally prominent), Google
// Consent Mode's default in force before any tag, no analytics cookie or third-party request
// before (or without) consent, "Cookie settings" reopening the choice; an admin renaming the
// product and bumping the Terms, and a signed-in user asked to accept the new version, then shown
// the announcement of a version dated later.
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { SignInPage } from "./pages/auth-pages";
import { PASSWORD, signUpApi, uniqueEmail, uniqueIp, verifyApi } from "./support/accounts";
import { signInAsAdmin } from "./support/admin";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

const NO_CONSENT = { cookies: [], origins: [] };

/** Every request that leaves this origin. */
function thirdPartyRequests(page: Page): string[] {
  const out: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).hostname !== "127.0.0.1") out.push(r.url());
  });
  return out;
}

async function consentCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === "lc_consent")?.value;
}

async function nonEssentialCookies(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).map((c) => c.name).filter((n) => /^(_ga|_gid|_gcl|_fbp)/.test(n));
}

test.describe("cookie banner", () => {
  test.use({ storageState: NO_CONSENT });

  test("Consent Mode denies everything before any tag; Reject all, then Cookie settings to customise", async ({
    page,
    context,
  }) => {
    const outside = thirdPartyRequests(page);
    await page.goto("/");
    const banner = page.getByTestId("consent-banner");
    await expect(banner).toBeVisible();
    const names = ["Accept all", "Reject all", "Customise"];
    const classes = await Promise.all(
      names.map((name) => banner.getByRole("button", { name }).getAttribute("class")),
    );
    expect(new Set(classes).size, "the three choices look the same").toBe(1);

    // The first thing in the data layer is the Consent Mode default: all four signals denied.
    const first = await page.evaluate(() => {
      const layer = (window as unknown as { dataLayer?: ArrayLike<unknown>[] }).dataLayer;
      return layer?.[0] ? Array.from(layer[0]) : null;
    });
    expect(first).toEqual([
      "consent",
      "default",
      expect.objectContaining({
        ad_storage: "denied",
        ad_user_data: "denied",
        ad_personalization: "denied",
        analytics_storage: "denied",
      }),
    ]);
    // The default script precedes every script that is not the app's own bundle.
    const order = await page.evaluate(() => {
      const scripts = Array.from(document.scripts);
      const own = scripts.findIndex((s) => s.id === "consent-mode-default");
      const foreign = scripts.findIndex(
        (s) => s.src !== "" && !new URL(s.src).pathname.startsWith("/_next/"),
      );
      return { own, foreign };
    });
    expect(order.own).toBeGreaterThanOrEqual(0);
    if (order.foreign >= 0) expect(order.own).toBeLessThan(order.foreign);
    expect(await consentCookie(context)).toBeUndefined();
    expect(await nonEssentialCookies(context)).toEqual([]);

    await banner.getByRole("button", { name: "Reject all" }).click();
    await expect(banner).toBeHidden();
    await expect.poll(() => consentCookie(context)).toBe("1.00");
    await page.reload();
    await expect(page.getByTestId("consent-banner")).toBeHidden();

    // Withdrawing or changing is one click away in the footer.
    await page.getByRole("button", { name: "Cookie settings" }).click();
    await expect(banner).toBeVisible();
    await banner.getByRole("checkbox", { name: "Analytics" }).check();
    await banner.getByRole("button", { name: "Save choices" }).click();
    await expect(banner).toBeHidden();
    await expect.poll(() => consentCookie(context)).toBe("1.10");
    expect(await nonEssentialCookies(context)).toEqual([]);
    expect(outside, "no request leaves the site (no analytics configured)").toEqual([]);
  });

  test("Accept all is remembered across pages", async ({ page, context }) => {
    await page.goto("/pricing");
    await page.getByTestId("consent-banner").getByRole("button", { name: "Accept all" }).click();
    await expect.poll(() => consentCookie(context)).toBe("1.11");
    await page.goto("/help");
    await expect(page.getByTestId("consent-banner")).toBeHidden();
    const update = await page.evaluate(() => {
      const layer = (window as unknown as { dataLayer?: ArrayLike<unknown>[] }).dataLayer ?? [];
      return layer.map((entry) => Array.from(entry)).find((e) => e[0] === "consent" && e[1] === "update");
    });
    expect(update?.[2]).toMatchObject({ analytics_storage: "granted", ad_storage: "granted" });
  });
});

test("an admin renames the product and bumps the Terms; a signed-in user accepts the new version", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  await signInAsAdmin(page, request);
  const reset = async () => {
    const headers = { origin: baseURL ?? "" };
    await page.request.post("/api/admin/settings", { data: {}, headers });
    await page.request.post("/api/admin/settings/legal", { data: { document: "terms" }, headers });
  };
  try {
    await page.goto("/admin/settings");
    const identity = page.getByRole("form", { name: "Save identity" });
    await identity.getByLabel("Product name").fill("Acme Chat");
    await identity.getByLabel("Legal entity name").fill("Acme GmbH");
    await identity.getByRole("button", { name: "Save identity" }).click();
    await expect(identity.getByText("Done.")).toBeVisible();

    await page.goto("/legal/terms");
    await expect(page.getByTestId("brand")).toHaveText("Acme Chat");
    await expect(page).toHaveTitle("Terms of Service · Acme Chat");
    await expect(page.locator('meta[property="og:site_name"]')).toHaveAttribute("content", "Acme Chat");
    await expect(page.getByRole("article")).toContainText("Acme GmbH");
    await expect(page.locator("footer")).toContainText("Acme GmbH");

    // A user who signed up under version 1.
    const email = uniqueEmail("terms");
    const user = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { "x-forwarded-for": uniqueIp() },
    });
    const userPage = await user.newPage();
    await signUpApi(userPage.request, email);
    await verifyApi(userPage.request, email);
    await userPage.goto("/sign-in?next=%2Faccount");
    await new SignInPage(userPage).signIn(email, PASSWORD);
    await userPage.waitForURL(/\/account$/);
    await expect(userPage.getByTestId("legal-accept-dialog")).toBeHidden();

    // Version names are never reused (withdrawn ones included): unique per run.
    const version = `e2e-${Date.now()}`;
    const publish = async (name: string, date: string, summary: string) => {
      await page.goto("/admin/settings");
      const terms = page.getByRole("form", { name: "Publish Terms of Service" });
      await terms.getByLabel("Version").fill(name);
      await terms.getByLabel("Effective date (YYYY-MM-DD)").fill(date);
      await terms.getByLabel("Summary of changes").fill(summary);
      await terms.getByRole("button", { name: "Publish Terms of Service" }).click();
      await expect(terms.getByText("Done.")).toBeVisible();
    };
    await publish(version, new Date().toISOString().slice(0, 10), "Refunds are now handled within 14 days.");

    // The settings cache of this server is forgotten on save; the user's acceptance cache lives 30 s.
    await expect(async () => {
      await userPage.goto("/chat");
      await expect(userPage.getByTestId("legal-accept-dialog")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 45_000 });
    const dialog = userPage.getByTestId("legal-accept-dialog");
    await expect(dialog).toContainText("Refunds are now handled within 14 days.");
    await expect(dialog).toContainText(`version ${version}`);
    await dialog.getByRole("button", { name: "Accept and continue" }).click();
    await expect(dialog).toBeHidden();
    await userPage.reload();
    await expect(userPage.getByTestId("legal-accept-dialog")).toBeHidden();

    // A version dated later is announced, not asked for: the current one stays in force.
    const later = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await publish(`${version}-next`, later, "Support hours change.");
    await userPage.goto("/account");
    const notice = userPage.getByTestId("legal-announcement");
    await expect(notice).toContainText(`Our Terms of Service changes on ${later}.`);
    await expect(userPage.getByTestId("legal-accept-dialog")).toBeHidden();
    await notice.getByRole("link", { name: `Read version ${version}-next` }).click();
    await expect(userPage.getByTestId("legal-upcoming")).toContainText(`takes effect on ${later}`);
    await user.close();
  } finally {
    await reset();
  }
});
