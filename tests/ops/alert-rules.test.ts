// The monitoring files an operator deploys: ops/prometheus/alerts.yml is valid (promtool check
// rules) and behaves as intended (promtool test rules on its unit tests), every alert links a
// runbook that exists, every SLO of docs/slo.md is guarded by an alert that exists, and the alerts
// and the Grafana dashboard read only metrics this app exports (a renamed metric breaks here, not
// silently in production). promtool comes from Debian's prometheus package (scripts/test.sh
// installs it).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { metrics } from "@/lib/observability/metrics";

const root = path.resolve(import.meta.dirname, "../..");
const rulesFile = path.join(root, "ops/prometheus/alerts.yml");
const rulesText = readFileSync(rulesFile, "utf8");
const dashboard = JSON.parse(readFileSync(path.join(root, "ops/grafana/ledgerchat.json"), "utf8")) as {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
};

function promtool(args: string[], cwd = root) {
  const result = spawnSync("promtool", args, { cwd, encoding: "utf8" });
  if (result.error)
    throw new Error(`promtool is missing (apt-get install prometheus): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

type Rule = { alert: string; body: string; expr: string };
function rules(): Rule[] {
  return rulesText
    .split(/^\s*- alert: /m)
    .slice(1)
    .map((chunk) => ({
      alert: chunk.split("\n")[0]?.trim() ?? "",
      body: chunk,
      // The PromQL alone: from "expr:" to the rule's next key.
      expr: /expr:([\s\S]*?)\n\s+(?:for|labels):/.exec(chunk)?.[1] ?? "",
    }));
}

// PromQL functions, keywords and label names that look like metric names to a regex.
const NOT_METRICS = new Set([
  "sum",
  "by",
  "rate",
  "increase",
  "max",
  "and",
  "or",
  "le",
  "histogram_quantile",
]);
function metricNames(expr: string): string[] {
  const names = new Set<string>();
  for (const match of expr.matchAll(/\b([a-z_][a-z0-9_]*)\s*(?=\{|\[)/g)) {
    const name = match[1] ?? "";
    if (!NOT_METRICS.has(name)) names.add(name.replace(/_(bucket|count|sum)$/, ""));
  }
  return [...names];
}

describe("alert rules and dashboard", () => {
  it("are valid Prometheus rules", () => {
    const check = promtool(["check", "rules", rulesFile]);
    expect(check.output).toContain("SUCCESS");
    expect(check.status).toBe(0);
  });

  it("fire (and stay quiet) as their unit tests say", () => {
    const test = promtool(["test", "rules", "alerts.test.yml"], path.dirname(rulesFile));
    expect(test.output).toContain("SUCCESS");
    expect(test.status).toBe(0);
  });

  it("link a runbook that exists from every alert", () => {
    const all = rules();
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const rule of all) {
      const runbook = /runbook_url: (\S+)/.exec(rule.body)?.[1];
      expect(runbook, `${rule.alert} has no runbook_url`).toMatch(/^docs\/runbooks\/[a-z-]+\.md$/);
      expect(existsSync(path.join(root, runbook ?? "")), `${rule.alert}: ${runbook} is missing`).toBe(true);
    }
  });

  it("guard every SLO of docs/slo.md with an alert that exists", () => {
    const slo = readFileSync(path.join(root, "docs/slo.md"), "utf8");
    const rows = slo.split("\n").filter((line) => line.startsWith("| ") && !/^\| (SLI|-)/.test(line));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const names = new Set(rules().map((r) => r.alert));
    for (const row of rows) {
      const alerts = [...row.matchAll(/`(Ledgerchat[A-Za-z]+)`/g)].map((m) => m[1]);
      expect(alerts.length, `SLO row without an alert: ${row.slice(0, 60)}`).toBeGreaterThan(0);
      for (const alert of alerts) expect(names.has(alert ?? ""), `${alert} is not in alerts.yml`).toBe(true);
    }
  });

  it("read only metrics this app exports", () => {
    const exported = new Set(
      metrics()
        .registry.getMetricsAsArray()
        .map((m) => m.name),
    );
    exported.add("up"); // Prometheus's own scrape health series.
    const exprs = [
      ...rules().map((r) => ({ where: r.alert, expr: r.expr })),
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: p.title, expr: t.expr }))),
    ];
    const used = new Set<string>();
    for (const { where, expr } of exprs) {
      for (const name of metricNames(expr)) {
        used.add(name);
        expect(exported.has(name), `${where} reads ${name}, which /api/metrics does not export`).toBe(true);
      }
    }
    for (const name of ["chat_time_to_first_token_seconds", "chat_turns_total", "ledgerchat_state"])
      expect(used.has(name)).toBe(true);
  });
});
