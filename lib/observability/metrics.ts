// Prometheus metrics of this process (prom-client). One registry, kept on globalThis so Next's dev
// hot reload reuses it instead of registering every metric twice. Other modules record through
// the observe* helpers only; GET /api/metrics renders the registry. Labels are bounded: routes are
// normalized (ids become ":id") and capped, outcomes and jobs come from fixed sets.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

type Metrics = {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  requestDuration: Histogram<"method" | "route">;
  timeToFirstToken: Histogram<"model">;
  chatPreStream: Histogram<"model">;
  chatTurns: Counter<"model" | "outcome">;
  ptReserved: Counter;
  ptSettled: Counter;
  ptReleased: Counter;
  webhooks: Counter<"outcome">;
  webhookApply: Histogram;
  cronRuns: Counter<"job" | "outcome">;
  cronDuration: Histogram<"job">;
  /** State read from the database at scrape time (state-gauges.ts), not counted in process. */
  state: Gauge<"name">;
  routes: Set<string>;
};

const globalForMetrics = globalThis as typeof globalThis & { __ledgerchatMetrics?: Metrics };

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const TTFT_BUCKETS = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 20, 30];
const MAX_ROUTES = 200;

function create(): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "ledgerchat" });
  // Process metrics (CPU, memory, event-loop lag, GC) alongside ours.
  collectDefaultMetrics({ register: registry });
  const r = [registry];
  return {
    registry,
    requests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests handled by route handlers, by method, normalized route and status.",
      labelNames: ["method", "route", "status"],
      registers: r,
    }),
    requestDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Route handler latency in seconds (until the response object is ready).",
      labelNames: ["method", "route"],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    timeToFirstToken: new Histogram({
      name: "chat_time_to_first_token_seconds",
      help: "Time from the chat request to the first streamed token, by model.",
      labelNames: ["model"],
      buckets: TTFT_BUCKETS,
      registers: r,
    }),
    chatPreStream: new Histogram({
      name: "chat_pre_stream_overhead_seconds",
      help: "Our own work before the provider call starts (auth, limits, estimate, reserve), by model.",
      labelNames: ["model"],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    chatTurns: new Counter({
      name: "chat_turns_total",
      help: "Chat turns that streamed, by model and how they ended (complete, aborted, error).",
      labelNames: ["model", "outcome"],
      registers: r,
    }),
    ptReserved: new Counter({ name: "ledger_pt_reserved_total", help: "PT placed on hold.", registers: r }),
    ptSettled: new Counter({ name: "ledger_pt_settled_total", help: "PT charged by settles.", registers: r }),
    ptReleased: new Counter({
      name: "ledger_pt_released_total",
      help: "PT returned from holds (settle remainder, release, sweeper).",
      registers: r,
    }),
    webhooks: new Counter({
      name: "webhook_events_total",
      help: "Stripe webhook events by outcome (applied, duplicate, ignored, failed, dead, invalid_signature).",
      labelNames: ["outcome"],
      registers: r,
    }),
    webhookApply: new Histogram({
      name: "webhook_apply_duration_seconds",
      help: "Time from Stripe's event creation to its effect being applied.",
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
      registers: r,
    }),
    cronRuns: new Counter({
      name: "cron_runs_total",
      help: "Cron job triggers by outcome (succeeded, failed, skipped).",
      labelNames: ["job", "outcome"],
      registers: r,
    }),
    cronDuration: new Histogram({
      name: "cron_run_duration_seconds",
      help: "Duration of cron runs that did work.",
      labelNames: ["job"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers: r,
    }),
    state: new Gauge({
      name: "ledgerchat_state",
      help:
        "Database state at scrape time: holds_open, holds_open_pt, holds_stale, pt_outstanding, " +
        "webhooks_failed, webhooks_dead, email_pending, email_failed, email_dead, cron_running_stuck.",
      labelNames: ["name"],
      registers: r,
    }),
    routes: new Set(),
  };
}

export function metrics(): Metrics {
  globalForMetrics.__ledgerchatMetrics ??= create();
  return globalForMetrics.__ledgerchatMetrics;
}

const ID_SEGMENT =
  /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|(?=.*\d)[A-Za-z0-9_-]{20,}|(?:cus|sub|pi|in|ch|cs|evt|dp|re)_[A-Za-z0-9]+)$/i;

/** "/api/conversations/2f1c.../messages" → "/api/conversations/:id/messages" (bounded label values). */
export function normalizeRoute(pathname: string): string {
  const path = pathname.split("?")[0] ?? "/";
  const out = path
    .split("/")
    .map((segment) => (ID_SEGMENT.test(segment) ? ":id" : segment.slice(0, 48)))
    .join("/");
  return out === "" ? "/" : out;
}

function routeLabel(route: string): string {
  const m = metrics();
  const normalized = normalizeRoute(route);
  if (m.routes.has(normalized)) return normalized;
  if (m.routes.size >= MAX_ROUTES) return "other";
  m.routes.add(normalized);
  return normalized;
}

/** One handled request (called from lib/http/route.ts, the one place every request passes). */
export function observeRequest(input: {
  method: string;
  route: string;
  status: number;
  seconds: number;
}): void {
  const m = metrics();
  const route = routeLabel(input.route);
  m.requests.inc({ method: input.method, route, status: String(input.status) });
  m.requestDuration.observe({ method: input.method, route }, input.seconds);
}

function safeNumber(amount: bigint | number): number {
  const n = typeof amount === "bigint" ? Number(amount) : amount;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

// PT counters are observability only (float64 is fine for a rate); the ledger stays the truth.
export function observePtReserved(amount: bigint | number): void {
  metrics().ptReserved.inc(safeNumber(amount));
}

export function observePtSettled(charged: bigint | number): void {
  metrics().ptSettled.inc(safeNumber(charged));
}

export function observePtReleased(amount: bigint | number): void {
  metrics().ptReleased.inc(safeNumber(amount));
}

/** Seconds from the chat request's arrival to the first token sent to the client. */
export function observeTimeToFirstToken(seconds: number, model: string): void {
  metrics().timeToFirstToken.observe({ model: model.slice(0, 64) }, seconds);
}

/** Seconds spent before the provider call (auth, rate limit, entitlement, estimate, reserve). */
export function observeChatPreStream(seconds: number, model: string): void {
  metrics().chatPreStream.observe({ model: model.slice(0, 64) }, seconds);
}

/** A chat turn that reached the provider, by how it ended (complete, aborted, error). */
export function observeChatTurn(model: string, outcome: "complete" | "aborted" | "error"): void {
  metrics().chatTurns.inc({ model: model.slice(0, 64), outcome });
}

export type WebhookOutcome = "applied" | "duplicate" | "ignored" | "failed" | "dead" | "invalid_signature";

/** A webhook delivery's outcome; applySeconds = now - event.created when the effect was applied. */
export function observeWebhook(outcome: WebhookOutcome, applySeconds?: number): void {
  const m = metrics();
  m.webhooks.inc({ outcome });
  if (applySeconds !== undefined && applySeconds >= 0) m.webhookApply.observe(applySeconds);
}

export function observeCronRun(
  job: string,
  outcome: "succeeded" | "failed" | "skipped",
  seconds?: number,
): void {
  const m = metrics();
  m.cronRuns.inc({ job, outcome });
  if (seconds !== undefined) m.cronDuration.observe({ job }, seconds);
}

/** The registry in Prometheus text format, with its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
