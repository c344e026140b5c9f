// OpenTelemetry traces through @vercel/otel, registered by instrumentation.ts only when the
// environment asks (TRACING=1 or OTEL_EXPORTER_OTLP_ENDPOINT; lib/tracing.ts tracingRequested).
// @vercel/otel rather than Sentry's tracing: it exports OTLP to any collector (Tempo, Jaeger,
// Honeycomb, Grafana Cloud, Datadog's OTLP intake) and to Vercel's trace drains with no extra
// code, while Sentry's spans go to Sentry only; Sentry stays the error tracker and leaves the
// OpenTelemetry globals to this module (lib/observability/sentry.ts). What is traced:
// - Next's own spans (the HTTP request, the route handler) as the roots;
// - the app's spans (lib/tracing.ts): chat turn → admission, provider call, settlement; incoming
//   Stripe webhooks; cron jobs; the email and outgoing-webhook outboxes;
// - every Prisma query (@prisma/instrumentation: it works with the pg and PGlite driver adapters,
//   one prisma:client:operation span per call with a prisma:client:db_query child carrying the
//   parameterised SQL text, never its values);
// - outgoing fetch calls (provider APIs, outgoing webhooks, Resend) through @vercel/otel's fetch
//   instrumentation, with W3C traceparent propagation.
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ParentBasedSampler, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace-base";
import { PrismaInstrumentation } from "@prisma/instrumentation";
import { registerOTel } from "@vercel/otel";
import type { Env } from "@/lib/env";
import { setTracingActive, tracingActive } from "@/lib/tracing";

export type TracingOptions = {
  /** Replaces the exporters chosen from the environment (tests use an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
};

/**
 * Registers the SDK once per process. Exporter: OTLP over HTTP to OTEL_EXPORTER_OTLP_ENDPOINT
 * (protobuf unless OTEL_EXPORTER_OTLP_PROTOCOL=http/json), plus Vercel's trace drains on Vercel.
 */
export function registerTracing(e: Env, options: TracingOptions = {}): void {
  if (tracingActive()) return;
  registerOTel({
    serviceName: e.OTEL_SERVICE_NAME,
    attributes: { "deployment.environment.name": e.SENTRY_ENVIRONMENT ?? e.NODE_ENV },
    traceSampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(e.TRACING_SAMPLE_RATIO) }),
    spanProcessors: options.spanProcessors ?? ["auto"],
    instrumentations: [
      "fetch",
      // Prisma's middle spans (serialize, connect, compile) add little; the operation and its SQL stay.
      new PrismaInstrumentation({
        ignoreSpanTypes: ["prisma:client:serialize", "prisma:client:connect", "prisma:client:compile"],
      }),
    ],
  });
  setTracingActive(true);
}
