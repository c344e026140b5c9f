import { expect, test } from "@playwright/test";
import { LandingPage } from "./pages/landing-page";

test("landing page says what Ledgerchat is and uses the CSP nonce on every script", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  const landing = new LandingPage(page);
  const response = await landing.goto();
  expect(response?.status()).toBe(200);
  await expect(landing.heading()).toContainText("Pay for exactly what you use");

  const csp = response?.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, "CSP header carries a nonce").toBeTruthy();
  expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
  expect(csp).toMatch(/script-src [^;]*'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);

  // Every script element Next rendered carries this response's nonce.
  const scripts = await page
    .locator("script")
    .evaluateAll((els) =>
      els.map((el) => ({ nonce: (el as HTMLScriptElement).nonce, src: (el as HTMLScriptElement).src })),
    );
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script.nonce).toBe(nonce);

  // React hydrated (scripts actually ran under the policy): client navigation works.
  await landing.signInLink().click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  expect(violations).toEqual([]);
});

test("a second load gets a different nonce and the request id is echoed", async ({ request }) => {
  const a = await request.get("/", { headers: { "x-request-id": "e2e-request-0001" } });
  const b = await request.get("/");
  const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
  expect(nonceOf(a.headers()["content-security-policy"])).not.toBe(
    nonceOf(b.headers()["content-security-policy"]),
  );
  expect(a.headers()["x-request-id"]).toBe("e2e-request-0001");
  expect(b.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("readiness is 200 on the embedded defaults and unknown API paths are JSON 404", async ({ request }) => {
  const ready = await request.get("/api/health/ready", { headers: { "x-request-id": "e2e-request-0002" } });
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ok", checks: { database: "ok" } });
  // API routes skip the proxy: their headers come from next.config.ts and the route wrapper.
  const h = ready.headers();
  expect(h["content-security-policy"]).toContain("default-src 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-request-id"]).toBe("e2e-request-0002");
  const missing = await request.post("/api/does-not-exist", { data: "{not json" });
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-type"]).toContain("application/json");
  expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
});
