import { expect, test } from "@playwright/test";
import { E2E_CRON_SECRET, E2E_METRICS_TOKEN } from "../playwright.config";
import { StatusPage } from "./pages/status-page";

test("the public status page shows component health and incidents", async ({ page }) => {
  const status = new StatusPage(page);
  const response = await status.goto();
  expect(response?.status()).toBe(200);
  await expect(status.overall()).toHaveText("All systems operational");
  await expect(status.component("Chat and API")).toContainText("Operational");
  await expect(status.component("Background jobs")).toContainText("Operational");
  await expect(status.incidentsHeading()).toBeVisible();
  await expect(page.getByText("No incidents reported.")).toBeVisible();
});

test("cron and metrics endpoints refuse callers without their token", async ({ request }) => {
  expect((await request.get("/api/cron/hold-sweep")).status()).toBe(401);
  expect(
    (await request.get("/api/cron/hold-sweep", { headers: { authorization: "Bearer wrong" } })).status(),
  ).toBe(401);
  expect((await request.get("/api/metrics")).status()).toBe(401);
});

test("a path that is not valid percent-encoding answers 400 JSON, not a server error", async ({
  request,
}) => {
  // %E0%A4 starts a three-byte UTF-8 sequence that never ends: Next's router cannot decode it.
  for (const path of ["/chat/%E0%A4", "/api/conversations/%E0%A4", "/v1/models/%E0%A4"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect((await response.json()).error.code, path).toBe("bad_request");
  }
});

test("the in-process scheduler and an authorized cron call share one run per period", async ({ request }) => {
  const auth = { authorization: `Bearer ${E2E_CRON_SECRET}` };
  const first = await request.get("/api/cron/grant-expiry", { headers: auth });
  expect(first.status()).toBe(200);
  const body = (await first.json()) as { outcome: string; runKey: string };
  // The embedded default schedules in process: this hour's run may already be done.
  expect(["succeeded", "skipped"]).toContain(body.outcome);
  const again = await request.get("/api/cron/grant-expiry", { headers: auth });
  expect(await again.json()).toMatchObject({ outcome: "skipped", runKey: body.runKey });

  // The scheduler's first tick runs a few seconds after start; its runs show in the metrics.
  await expect
    .poll(
      async () => {
        const metrics = await request.get("/api/metrics", {
          headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` },
        });
        return metrics.ok() ? await metrics.text() : "";
      },
      { timeout: 30_000 },
    )
    .toMatch(/cron_runs_total\{[^}]*job="hold-sweep",outcome="succeeded"[^}]*\} [1-9]/);
});
