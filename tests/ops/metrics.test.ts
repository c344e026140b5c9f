// Metrics: observed once per request from defineRoute with bounded route labels; the helpers other
// teams call; GET /api/metrics behind METRICS_TOKEN (refused when unset).
import { afterEach, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { resetEnvForTests } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { withPublic } from "@/lib/http/route";
import {
  metrics,
  normalizeRoute,
  observeCronRun,
  observePtReleased,
  observePtReserved,
  observePtSettled,
  observeTimeToFirstToken,
  observeWebhook,
  renderMetrics,
} from "@/lib/observability/metrics";

const ctx = { params: Promise.resolve({}) };
const TOKEN = "metrics-token-0123456789";

async function counterValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics().registry.getSingleMetric(name);
  const data = await metric?.get();
  const found = data?.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return found?.value ?? 0;
}

describe("metrics", () => {
  afterEach(() => {
    delete process.env.METRICS_TOKEN;
    resetEnvForTests();
  });

  it("normalizes ids out of route labels", () => {
    expect(normalizeRoute("/api/conversations/0b4e7e4c-9a5e-4a3f-8d3e-6b1f2f0a9c11/messages")).toBe(
      "/api/conversations/:id/messages",
    );
    expect(normalizeRoute("/api/admin/users/12345")).toBe("/api/admin/users/:id");
    expect(normalizeRoute("/api/billing/invoices/in_1PqRsT2eZvKYlo2C")).toBe("/api/billing/invoices/:id");
    expect(normalizeRoute("/api/cron/hold-sweep")).toBe("/api/cron/hold-sweep");
    expect(normalizeRoute("/")).toBe("/");
  });

  it("counts each request once with method, route and status, and times it", async () => {
    const ok = withPublic({ rateLimit: false, db: false }, async () => ({ ok: true }));
    const boom = withPublic({ rateLimit: false, db: false }, async () => {
      throw new AppError("conflict");
    });
    const url = "http://localhost/api/things/7f0c1d2e-0000-4000-8000-000000000001";
    const before = await counterValue("http_requests_total", { route: "/api/things/:id", status: "200" });
    await ok(new Request(url), ctx);
    await ok(new Request(url), ctx);
    await boom(new Request(url, { method: "POST" }), ctx);
    expect(await counterValue("http_requests_total", { route: "/api/things/:id", status: "200" })).toBe(
      before + 2,
    );
    expect(
      await counterValue("http_requests_total", { method: "POST", route: "/api/things/:id", status: "409" }),
    ).toBe(1);
    const { body } = await renderMetrics();
    expect(body).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="GET"[^}]*route="\/api\/things\/:id"[^}]*\} 2/,
    );
  });

  it("exposes the helpers other modules call", async () => {
    observePtReserved(1_500n);
    observePtSettled(1_200n);
    observePtReleased(300n);
    observePtReserved(-5n); // ignored: never decrements
    observeTimeToFirstToken(0.42, "demo");
    observeWebhook("applied", 1.5);
    observeWebhook("duplicate");
    observeCronRun("hold-sweep", "succeeded", 0.02);
    const { body } = await renderMetrics();
    expect(body).toMatch(/ledger_pt_reserved_total\{[^}]*\} 1500/);
    expect(body).toMatch(/ledger_pt_settled_total\{[^}]*\} 1200/);
    expect(body).toMatch(/ledger_pt_released_total\{[^}]*\} 300/);
    expect(body).toMatch(/chat_time_to_first_token_seconds_count\{[^}]*model="demo"[^}]*\} 1/);
    expect(body).toMatch(/webhook_events_total\{[^}]*outcome="applied"[^}]*\} 1/);
    expect(body).toMatch(/webhook_apply_duration_seconds_count\{[^}]*\} 1/);
    expect(body).toMatch(/cron_runs_total\{[^}]*job="hold-sweep",outcome="succeeded"[^}]*\} 1/);
    expect(body).toContain("process_cpu_seconds_total");
  });

  it("keeps one registry per process across re-imports", async () => {
    const first = metrics().registry;
    const again = await import("@/lib/observability/metrics");
    expect(again.metrics().registry).toBe(first);
  });

  it("serves Prometheus text only with the right bearer token", async () => {
    const get = (authorization?: string) =>
      metricsRoute(
        new Request("http://localhost/api/metrics", authorization ? { headers: { authorization } } : {}),
        ctx,
      );
    expect((await get(`Bearer ${TOKEN}`)).status).toBe(401); // unset: refused
    process.env.METRICS_TOKEN = TOKEN;
    resetEnvForTests();
    expect((await get()).status).toBe(401);
    expect((await get("Bearer nope-nope-nope-nope")).status).toBe(401);
    const ok = await get(`Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain");
    expect(await ok.text()).toContain("# TYPE http_requests_total counter");
  });
});
